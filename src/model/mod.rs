//! Domain types the stages pass on, and the text helpers that serve them.

pub mod number;
