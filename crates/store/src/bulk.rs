//! Multi-row statements: the write path that makes batched ingest fast. One `INSERT … VALUES
//! (…),(…),…` per chunk costs the driver one round trip instead of one per row.

/// Most rows per statement: 256 rows of up to 16 values stays far below SQLite's 32,766
/// variables per statement, and amortises the driver's per-statement cost.
pub const MAX_ROWS: usize = 256;

/// Splits `items` into chunks of [`MAX_ROWS`], then powers of two for the remainder, so a
/// batch of any size uses at most nine distinct statement shapes — all of which stay in the
/// driver's prepared-statement cache.
pub fn chunks<T>(items: &[T]) -> impl Iterator<Item = &[T]> {
    let mut rest = items;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (chunk, tail) = rest.split_at(chunk_len(rest.len()));
        rest = tail;
        Some(chunk)
    })
}

/// How many of `remaining` rows the next chunk takes (see [`chunks`]).
pub fn chunk_len(remaining: usize) -> usize {
    if remaining >= MAX_ROWS {
        MAX_ROWS
    } else if remaining == 0 {
        0
    } else {
        1 << remaining.ilog2()
    }
}

/// `head` followed by `rows` groups of `columns` placeholders, then `tail`.
pub fn values_sql(head: &str, columns: usize, rows: usize, tail: &str) -> String {
    let group = format!("({})", vec!["?"; columns].join(","));
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * (group.len() + 1));
    sql.push_str(head);
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&group);
    }
    sql.push_str(tail);
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_everything_in_few_shapes() {
        let items: Vec<u32> = (0..1000).collect();
        let sizes: Vec<usize> = chunks(&items).map(<[u32]>::len).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 1000);
        assert_eq!(sizes, [256, 256, 256, 128, 64, 32, 8]);
        assert_eq!(chunks::<u32>(&[]).count(), 0);
    }

    #[test]
    fn values_sql_has_one_group_per_row() {
        assert_eq!(
            values_sql("INSERT INTO t VALUES ", 2, 3, ";"),
            "INSERT INTO t VALUES (?,?),(?,?),(?,?);"
        );
    }
}
