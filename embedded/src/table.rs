//! The tables `build.rs` computed on the host (`OUT_DIR/tables.rs`), and
//! readers for their little-endian records.

#[allow(missing_docs)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/tables.rs"));
}
pub use generated::*;

/// One input and its `f64` reference.
#[derive(Clone, Copy)]
pub struct Point {
    /// The `f32` input.
    pub x: f32,
    /// The reference value, computed on the host in `f64`.
    pub r: f64,
}

/// The points of a table: 12 bytes each, input bits (u32) then reference
/// bits (u64), little endian.
pub fn points(table: &'static [u8]) -> impl Iterator<Item = Point> {
    table.chunks_exact(12).map(|c| {
        let (x, r) = c.split_at(4);
        let mut xb = [0u8; 4];
        let mut rb = [0u8; 8];
        xb.copy_from_slice(x);
        rb.copy_from_slice(r);
        Point {
            x: f32::from_bits(u32::from_le_bytes(xb)),
            r: f64::from_bits(u64::from_le_bytes(rb)),
        }
    })
}

/// Number of points in a table; `None` if its length is not a multiple of
/// 12 bytes (a broken table).
pub fn len(table: &[u8]) -> Option<usize> {
    table.len().is_multiple_of(12).then_some(table.len() / 12)
}

/// Fills `out` from a table of little-endian `f32`s (4 bytes each);
/// returns how many were written.
pub fn fill_f32(table: &[u8], out: &mut [f32]) -> usize {
    let mut n = 0;
    for (o, c) in out.iter_mut().zip(table.chunks_exact(4)) {
        let mut b = [0u8; 4];
        b.copy_from_slice(c);
        *o = f32::from_le_bytes(b);
        n += 1;
    }
    n
}
