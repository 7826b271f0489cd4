//! Hijri → Gregorian with the Umm al-Qura calendar of ICU4X (`icu_calendar`, offline tables).

use chrono::NaiveDate;
use icu_calendar::cal::{Hijri, Iso};
use icu_calendar::Date;

/// The Gregorian date of Hijri `year`-`month`-`day` (Umm al-Qura), when it exists.
pub fn to_gregorian(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    let h = Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    let iso = h.to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        iso.year().extended_year(),
        u32::from(iso.month().ordinal),
        u32::from(iso.day_of_month().0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umm_al_qura_table() {
        let rows: &[((i32, u32, u32), &str)] = &[
            // 1 Ramadan 1445 fell on 11 March 2024 in Saudi Arabia.
            ((1445, 9, 1), "2024-03-11"),
            ((1445, 9, 15), "2024-03-25"),
            // 1 Muharram 1446: 7 July 2024.
            ((1446, 1, 1), "2024-07-07"),
            // 1 Shawwal 1444 (Eid al-Fitr): 21 April 2023.
            ((1444, 10, 1), "2023-04-21"),
        ];
        for ((y, m, d), iso) in rows {
            assert_eq!(
                to_gregorian(*y, *m, *d).map(|d| d.to_string()).as_deref(),
                Some(*iso),
                "{y}-{m}-{d}"
            );
        }
        assert_eq!(to_gregorian(1445, 13, 1), None);
        assert_eq!(to_gregorian(1445, 9, 31), None);
    }
}
