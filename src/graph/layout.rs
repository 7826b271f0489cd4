//! Deterministic graph layouts computed at build time: the same graph gives the same picture
//! on every build. No randomness from the OS: starting points come from a fixed-seed integer
//! generator and the force simulation runs a fixed number of steps.

use super::Edge;

/// A point in the unit square, `[0, 1] × [0, 1]`, y downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Settings of the force layout.
#[derive(Debug, Clone, Copy)]
pub struct ForceLayout {
    pub iterations: usize,
    pub seed: u64,
}

impl Default for ForceLayout {
    fn default() -> Self {
        ForceLayout {
            iterations: 300,
            seed: 0x6469_7761_6e00_0001, // "diwan" and a version: change it to reshuffle.
        }
    }
}

/// A small xorshift generator: integer arithmetic only, so it is the same everywhere.
struct XorShift(u64);

impl XorShift {
    fn next_unit(&mut self) -> f64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x >> 11) as f64 / (1u64 << 53) as f64
    }
}

impl ForceLayout {
    /// Fruchterman–Reingold for `n` nodes: edges pull (stronger for heavier edges), every
    /// pair pushes apart, a weak pull towards the centre keeps separate groups in view.
    /// Returns one point per node, scaled to fill the unit square with its aspect kept.
    pub fn run(&self, n: usize, edges: &[Edge]) -> Vec<Point> {
        if n == 0 {
            return Vec::new();
        }
        if n == 1 {
            return vec![Point { x: 0.5, y: 0.5 }];
        }
        let mut rng = XorShift(self.seed | 1);
        let mut pos: Vec<(f64, f64)> = (0..n)
            .map(|_| (rng.next_unit() - 0.5, rng.next_unit() - 0.5))
            .collect();
        let k = (1.0 / n as f64).sqrt();
        let max_w = edges.iter().map(|e| e.weight).max().unwrap_or(1).max(1) as f64;
        let t0 = 0.1;
        let mut disp = vec![(0.0f64, 0.0f64); n];
        for step in 0..self.iterations {
            disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
            for i in 0..n {
                for j in i + 1..n {
                    let (dx, dy, d) = delta(pos[i], pos[j], i, j);
                    let f = k * k / d;
                    disp[i].0 += dx / d * f;
                    disp[i].1 += dy / d * f;
                    disp[j].0 -= dx / d * f;
                    disp[j].1 -= dy / d * f;
                }
            }
            for e in edges {
                let (dx, dy, d) = delta(pos[e.a], pos[e.b], e.a, e.b);
                let strength = 0.5 + 0.5 * (e.weight as f64 / max_w).sqrt();
                let f = d * d / k * strength;
                disp[e.a].0 -= dx / d * f;
                disp[e.a].1 -= dy / d * f;
                disp[e.b].0 += dx / d * f;
                disp[e.b].1 += dy / d * f;
            }
            let t = t0 * (1.0 - step as f64 / self.iterations as f64) + 1e-4;
            for (p, d) in pos.iter_mut().zip(&disp) {
                // Gravity towards the centre.
                let gx = d.0 - p.0 * k * 2.0;
                let gy = d.1 - p.1 * k * 2.0;
                let len = (gx * gx + gy * gy).sqrt();
                if len > 0.0 && len.is_finite() {
                    let step = len.min(t);
                    p.0 += gx / len * step;
                    p.1 += gy / len * step;
                }
            }
        }
        normalize(&pos)
    }
}

/// Difference of two points and its length, never zero: coincident points are nudged apart
/// in a direction fixed by their indices so the result stays deterministic.
fn delta(p: (f64, f64), q: (f64, f64), i: usize, j: usize) -> (f64, f64, f64) {
    let (mut dx, mut dy) = (p.0 - q.0, p.1 - q.1);
    let mut d = (dx * dx + dy * dy).sqrt();
    if d < 1e-9 {
        dx = 1e-6 * ((i % 7) as f64 + 1.0);
        dy = 1e-6 * ((j % 5) as f64 + 1.0);
        d = (dx * dx + dy * dy).sqrt();
    }
    (dx, dy, d)
}

/// Scales points into the unit square, centred, keeping the aspect ratio.
fn normalize(pos: &[(f64, f64)]) -> Vec<Point> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pos {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let span = (x1 - x0).max(y1 - y0);
    if !(span.is_finite() && span > 1e-12) {
        return pos.iter().map(|_| Point { x: 0.5, y: 0.5 }).collect();
    }
    let (ox, oy) = (
        (1.0 - (x1 - x0) / span) / 2.0,
        (1.0 - (y1 - y0) / span) / 2.0,
    );
    pos.iter()
        .map(|&(x, y)| Point {
            x: ox + (x - x0) / span,
            y: oy + (y - y0) / span,
        })
        .collect()
}

/// A centre with `n - 1` nodes around it on a circle, the first at the top, then clockwise,
/// so the second sits to the right, where a right-to-left reader starts.
pub fn radial(n: usize) -> Vec<Point> {
    if n == 0 {
        return Vec::new();
    }
    let mut points = vec![Point { x: 0.5, y: 0.5 }];
    let around = n - 1;
    for k in 0..around {
        let angle = std::f64::consts::TAU * k as f64 / around as f64;
        points.push(Point {
            x: 0.5 + 0.5 * angle.sin(),
            y: 0.5 - 0.5 * angle.cos(),
        });
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(n: usize) -> Vec<Edge> {
        (0..n)
            .map(|i| Edge {
                a: i.min((i + 1) % n),
                b: i.max((i + 1) % n),
                weight: 1 + i % 3,
            })
            .collect()
    }

    fn finite_in_unit(points: &[Point]) -> bool {
        points
            .iter()
            .all(|p| p.x.is_finite() && p.y.is_finite() && (0.0..=1.0).contains(&p.x))
    }

    #[test]
    fn force_layout_is_deterministic_and_finite() {
        let edges = ring(12);
        let a = ForceLayout::default().run(12, &edges);
        let b = ForceLayout::default().run(12, &edges);
        assert_eq!(a, b);
        assert!(finite_in_unit(&a));
        // Nodes end up spread out, not collapsed onto each other.
        for i in 0..a.len() {
            for j in i + 1..a.len() {
                let d = ((a[i].x - a[j].x).powi(2) + (a[i].y - a[j].y).powi(2)).sqrt();
                assert!(d > 0.02, "nodes {i} and {j} overlap: {d}");
            }
        }
    }

    #[test]
    fn small_and_disconnected_graphs() {
        let f = ForceLayout::default();
        assert!(f.run(0, &[]).is_empty());
        assert_eq!(f.run(1, &[]), vec![Point { x: 0.5, y: 0.5 }]);
        assert!(finite_in_unit(&f.run(2, &[])));
        assert!(finite_in_unit(&f.run(5, &[])));
        let heavy = [Edge {
            a: 0,
            b: 1,
            weight: 1000,
        }];
        assert!(finite_in_unit(&f.run(3, &heavy)));
    }

    #[test]
    fn radial_layout() {
        assert!(radial(0).is_empty());
        assert_eq!(radial(1), vec![Point { x: 0.5, y: 0.5 }]);
        let r = radial(5);
        assert_eq!(r.len(), 5);
        assert!((r[1].y - 0.0).abs() < 1e-12 && (r[1].x - 0.5).abs() < 1e-12);
        assert!(finite_in_unit(&r));
    }
}
