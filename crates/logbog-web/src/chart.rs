//! Server-rendered SVG charts: progress per phase as stacked horizontal bars (approved, reported
//! ready, not started); the numbers stand beside each bar as text, for everyone.

use logbog_domain::progress::Progress;

/// Width of the bar area in SVG user units.
pub const BAR_WIDTH: u32 = 300;

/// One bar: a phase's name, its numbers and the segment widths.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseBar {
    pub label: String,
    pub summary: String,
    pub approved_width: u32,
    pub ready_x: u32,
    pub ready_width: u32,
    pub current: bool,
}

/// Lay out the bars; widths always add up to at most [`BAR_WIDTH`].
pub fn phase_bars(rows: &[(String, String, Progress, bool)]) -> Vec<PhaseBar> {
    rows.iter()
        .map(|(label, summary, p, current)| {
            let scale = |n: u32| (n * BAR_WIDTH).checked_div(p.total).unwrap_or(0);
            let approved_width = scale(p.approved);
            let ready_width = scale(p.approved + p.reported_ready) - approved_width;
            PhaseBar {
                label: label.clone(),
                summary: summary.clone(),
                approved_width,
                ready_x: approved_width,
                ready_width,
                current: *current,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_proportional_and_fit() {
        let p = Progress {
            total: 24,
            approved: 12,
            reported_ready: 6,
        };
        let bars = phase_bars(&[("Fase 1".into(), "12 af 24".into(), p, true)]);
        assert_eq!(bars[0].approved_width, 150);
        assert_eq!(bars[0].ready_x, 150);
        assert_eq!(bars[0].ready_width, 75);
        let empty = phase_bars(&[("x".into(), String::new(), Progress::default(), false)]);
        assert_eq!(empty[0].approved_width + empty[0].ready_width, 0);
        let full = Progress {
            total: 7,
            approved: 7,
            reported_ready: 0,
        };
        assert_eq!(
            phase_bars(&[("x".into(), String::new(), full, false)])[0].approved_width,
            BAR_WIDTH
        );
    }
}
