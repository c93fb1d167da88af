//! French and Russian texts of the synthetic site (`synth --languages en,fr,ru`): a narrative per
//! city and the about page, in real words, so that search stemming can be measured on them
//! ("chômage", "безработица"/"безработицы"/"безработицей" appear in several forms).

use std::fmt::Write as _;

use super::{CityGen, Rng, fmt_thousands, num};

/// One extra language: how site.toml lists it and the sentences its texts are made of.
pub struct Lang {
    /// Code, as in `[languages.<code>]` and `index.<code>.md`.
    pub code: &'static str,
    /// `site.toml` entry, the way the example site lists the language.
    pub site_toml: &'static str,
    /// The about page, `content/pages/about.<code>.md`.
    pub about: &'static str,
    /// Salt of the narrative's generator, so each language draws its own sentences.
    salt: u64,
    note: &'static str,
    headings: [&'static str; 3],
    /// Background sentence with {name}, {pop}, {area}, {country}, {year}.
    intro: &'static str,
    geography: &'static [&'static str],
    economy: &'static [&'static str],
    /// Findings with {cite}.
    findings: &'static [&'static str],
    fillers: &'static [&'static str],
    recs: &'static [&'static str],
    /// The closing line, linking to the about page.
    outro: &'static str,
}

/// The languages the generator can write besides English.
pub const LANGS: &[Lang] = &[FR, RU];

/// The language with this code, if the generator knows it.
pub fn lang(code: &str) -> Option<&'static Lang> {
    LANGS.iter().find(|l| l.code == code)
}

const FR: Lang = Lang {
    code: "fr",
    site_toml: "\n[languages.fr]\nname = \"Français\"\nlocale = \"fr\"\n",
    about: r#"+++
title = "À propos de ce site"
description = "Ce qu’est ce site généré et comment ses valeurs sont notées."
weight = 1
+++

Ce site a été généré par l’exemple `synth` de cityprofiles. Ses villes, leurs données et leurs
récits sont **inventés**, avec des valeurs plausibles pour chaque indicateur de l’U4SSC, afin de
mesurer la construction du site à toute taille.

## Comment les valeurs sont notées

Chaque valeur est comparée à une cible : valeur ÷ cible quand une valeur élevée est meilleure,
cible ÷ valeur sinon, plafonnée à 100 %. Le pourcentage donne une classe de 1 à 4.

- Les valeurs *non déclarées*, *sans objet* ou *non vérifiées* ne sont pas notées.
- Les indicateurs sans cible sont affichés mais pas notés.
- Le taux de chômage, par exemple, est meilleur quand il est bas.
"#,
    salt: 0x6672_0000_0000_0001,
    note: "*Ce récit est synthétique : il a été écrit par le générateur de cityprofiles et ne décrit aucun lieu réel.*",
    headings: ["Contexte", "Principaux résultats", "Recommandations"],
    intro: "{name} est une ville de {country} qui compte environ {pop} habitants sur {area} km². L’évaluation publiée en {year} porte sur ses indicateurs de développement durable.",
    geography: &[
        "La vieille ville s’est développée autour d’un port naturel, et les nouveaux quartiers grimpent sur les collines.",
        "Elle s’étend sur une large plaine fluviale, où le centre historique rejoint des grands ensembles d’après-guerre.",
        "Ses quartiers s’étirent le long d’une bande côtière entre la mer et des montagnes basses.",
        "Une chaîne de lacs et de parcs sépare le centre compact des banlieues en forte croissance.",
    ],
    economy: &[
        "Le chômage a reculé depuis l’ouverture d’un parc technologique, mais le chômage des jeunes reste élevé.",
        "La logistique, l’industrie alimentaire et le numérique sont les principaux employeurs de la ville.",
        "Le tourisme et le port dominent l’économie locale, et le chômage saisonnier touche de nombreux ménages.",
        "Une université et deux hôpitaux font de l’enseignement et de la santé les premiers employeurs.",
    ],
    findings: &[
        "La dernière valeur relevée est {cite}, que le rapport commente en détail.",
        "L’évaluation enregistre {cite} pour cet indicateur.",
        "La ville affiche {cite}, une valeur qu’elle souhaite améliorer d’ici 2030.",
    ],
    fillers: &[
        "Les responsables s’attendent à une évolution avec l’achèvement des nouveaux projets.",
        "Les données proviennent des registres municipaux vérifiés par l’équipe d’évaluation.",
        "Les villes voisines de taille comparable déclarent des valeurs semblables.",
        "Les chômeurs de longue durée bénéficient d’un nouveau programme de formation.",
    ],
    recs: &[
        "**Publier davantage de données ouvertes.** Des fichiers lisibles par machine aideraient les chercheurs et les entreprises.",
        "**Investir dans les transports publics.** Des services fréquents réduiraient les trajets en voiture et les émissions.",
        "**Rénover les bâtiments publics.** Des travaux énergétiques réduiraient les coûts et les émissions.",
        "**Lutter contre le chômage.** Des formations ciblées aideraient les demandeurs d’emploi à retrouver du travail.",
        "**Protéger les espaces verts.** Chaque logement devrait rester à quelques minutes à pied d’un parc.",
    ],
    outro: "Pour savoir comment les valeurs sont notées, voir la [page « À propos »](/about/about/).",
};

const RU: Lang = Lang {
    code: "ru",
    site_toml: "\n[languages.ru]\nname = \"Русский\"\nlocale = \"ru\"\n",
    about: r#"+++
title = "Об этом сайте"
description = "Что представляет собой этот сгенерированный сайт и как оцениваются его значения."
weight = 1
+++

Этот сайт создан примером `synth` из cityprofiles. Его города, их данные и описания
**вымышлены**, а значения лежат в правдоподобных пределах для каждого показателя U4SSC, чтобы
сборку можно было измерить при любом размере.

## Как оцениваются значения

Каждое значение сравнивается с целевым: значение ÷ цель, когда лучше большее значение, и
цель ÷ значение в противном случае, не более 100 %. Процент даёт класс от 1 до 4.

- Значения с пометкой *не представлено*, *неприменимо* или *не проверено* не оцениваются.
- Показатели без целевого значения показываются, но не оцениваются.
- Уровень безработицы, например, тем лучше, чем он ниже.
"#,
    salt: 0x7275_0000_0000_0002,
    note: "*Это описание синтетическое: его составил генератор cityprofiles, и оно не описывает ни одного реального места.*",
    headings: ["Общие сведения", "Основные выводы", "Рекомендации"],
    intro: "{name} — город в стране {country}, где проживает около {pop} человек на площади {area} км². Оценка, опубликованная в {year} году, охватывает показатели устойчивого развития.",
    geography: &[
        "Старый город вырос вокруг естественной гавани, а новые районы поднимаются на холмы.",
        "Он расположен на широкой речной равнине, где исторический центр соседствует с послевоенной застройкой.",
        "Его районы тянутся вдоль побережья между морем и невысокими горами.",
        "Цепь озёр и парков отделяет компактный центр от быстро растущих пригородов.",
    ],
    economy: &[
        "Безработица снизилась после открытия технопарка, но безработица среди молодёжи остаётся высокой.",
        "Основные работодатели города — логистика, пищевая промышленность и разработка программ.",
        "Уровень безработицы зависит от сезона: туризм и порт дают работу прежде всего летом.",
        "Университет и две больницы делают образование и здравоохранение крупнейшими работодателями.",
    ],
    findings: &[
        "Последнее значение составляет {cite}; в отчёте оно рассмотрено подробно.",
        "Для этого показателя оценка фиксирует {cite}.",
        "Город достиг значения {cite} и намерен улучшить его к 2030 году.",
    ],
    fillers: &[
        "Чиновники ожидают изменений по мере завершения новых проектов.",
        "Данные взяты из муниципальных реестров и проверены группой оценки.",
        "Соседние города сопоставимого размера сообщают о похожих значениях.",
        "Программа борьбы с безработицей помогает жителям найти работу.",
    ],
    recs: &[
        "**Публиковать больше открытых данных.** Машиночитаемые файлы помогли бы исследователям и предприятиям.",
        "**Развивать общественный транспорт.** Частые и надёжные рейсы сократили бы поездки на автомобиле.",
        "**Модернизировать общественные здания.** Энергосбережение снизило бы расходы и выбросы.",
        "**Бороться с безработицей.** Обучение и переподготовка сократили бы уровень безработицы.",
        "**Сохранять зелёные зоны.** Парк должен быть в нескольких минутах ходьбы от каждого дома.",
    ],
    outro: "О том, как оцениваются значения, см. [страницу «Об этом сайте»](/about/about/).",
};

/// Two different items of `xs`.
fn two<'a>(r: &mut Rng, xs: &[&'a str]) -> (&'a str, &'a str) {
    let a = r.below(xs.len());
    let b = (a + 1 + r.below(xs.len() - 1)) % xs.len();
    (xs[a], xs[b])
}

/// The narrative of city `c` in `lang`, with three `{{ kpi() }}` citations; `seed` is the
/// city's, so a city reads the same in every site size and adding a language changes no other.
pub fn narrative(lang: &Lang, seed: u64, c: &CityGen, catalog_codes: &[&str]) -> String {
    let mut r = Rng::new(seed ^ lang.salt);
    let cited = super::cited_kpis(&mut r, c);
    let mut s = String::with_capacity(2400);
    let _ = writeln!(s, "{}\n", lang.note);
    let _ = writeln!(s, "## {}\n", lang.headings[0]);
    let intro = lang
        .intro
        .replace("{name}", &c.name)
        .replace("{country}", c.country)
        .replace("{pop}", &fmt_thousands(c.population).replace(',', "\u{a0}"))
        // French and Russian write a decimal comma.
        .replace("{area}", &num(c.area, 1).replace('.', ","))
        .replace("{year}", &c.published[..4]);
    let (g, e) = (r.pick(lang.geography), two(&mut r, lang.economy));
    let _ = writeln!(s, "{intro} {g} {} {}\n", e.0, e.1);
    let _ = writeln!(s, "## {}\n", lang.headings[1]);
    for &ki in &cited {
        let cite = format!("{{{{ kpi(\"{}\") }}}}", catalog_codes[ki]);
        let lead = r.pick(lang.findings).replace("{cite}", &cite);
        let (f, g) = two(&mut r, lang.fillers);
        let _ = writeln!(s, "{lead} {f} {g}\n");
    }
    let _ = writeln!(s, "## {}\n", lang.headings[2]);
    let first = r.below(lang.recs.len());
    for i in 0..3 {
        let _ = writeln!(s, "- {}", lang.recs[(first + i) % lang.recs.len()]);
    }
    let _ = writeln!(s, "\n{}", lang.outro);
    s
}
