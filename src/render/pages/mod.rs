//! One module per page kind, each building its view model and rendering its pages;
//! `shared` renders a page with its template for all of them.

pub mod catalog;
pub mod citations;
pub mod city_card;
pub mod compare_column;
pub mod data;
pub mod embed;
pub mod indicator;
mod peers;
pub mod profile;
mod profile_wheel;
pub mod share_card;
pub mod shared;
pub mod side_by_side;
pub mod site_pages;

/// Where the data page's list of files was first defined; kept for callers that name it here.
pub use crate::render::input::Download;
