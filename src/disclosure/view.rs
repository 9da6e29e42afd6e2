//! A disclosure as templates see it (`page.disclosure`, `section.disclosure`): dates and places
//! as citizens read them.

use serde_json::{json, Value as Json};

use super::calendar::vietnamese;
use super::Disclosure;
use crate::dates::DateValue;

fn label(d: &Option<DateValue>) -> Json {
    json!(d.as_ref().map(|d| vietnamese(d.date())))
}

/// The disclosure with labels: category, dates (dd/mm/yyyy), places, loudspeaker days, and
/// whether it is still current today.
pub fn for_templates(d: &Disclosure) -> Json {
    json!({
        "category": d.category.number,
        "category_title": d.category.title,
        "permanent": d.permanent,
        "decided": d.decided,
        "decided_label": label(&d.decided),
        "published": d.published,
        "published_label": label(&d.published),
        "posted_from": d.posted_from,
        "posted_from_label": label(&d.posted_from),
        "posted_until": d.posted_until,
        "posted_until_label": label(&d.posted_until),
        "places": d.places.iter().map(super::Place::label).collect::<Vec<_>>(),
        "loudspeaker": d.loudspeaker.iter().map(|x| vietnamese(x.date())).collect::<Vec<_>>(),
        "current": d.is_current(),
        "superseded": d.superseded,
    })
}
