//! Search over the sealed posts this node's account can open (followers-only, list and
//! private posts sealed to it), as over public ones.
//!
//! ```text
//!  social.sealed stored ──projection──▶ sealed_posts (not opened yet)
//!        │ notice                              │
//!        ▼                                     ▼
//!  reactor ─┐                          open with this account's key
//!  social.search, social.tag (first) ─┘        │
//!                                              ▼
//!                          post_search + post_tags (this node's database only)
//! ```
//!
//! The projection cannot open them: it runs inside the store, which holds no key, and is
//! rebuilt from the log alone. The account's key is at hand where the app runs with the
//! kernel (`Kernel::derive_secret`), as when a feed shows a sealed post. So the app opens
//! what the projection listed: at ingest time, in a [`Reactor`] woken when sealed posts are
//! stored (and at start, and every few seconds, which covers a key unlocked later and a
//! rebuilt table), and before a search or hashtag view runs, for what arrived in the moment
//! since. Only posts sealed to this account open; the words go into this node's own
//! database and into no event, and leave it with the post (see [`super::table`]).
//! Public posts never pass here: the reactor is woken by sealed posts only.

use sqlx::{Connection as _, Row as _};
use supernet_core::ApiError;

use super::sealed::SealedBody;
use super::table::{Opened, index_opened};
use super::{APP_ID, SEALED, reading_key};
use crate::contract::{Ctx, Reactor};

/// Sealed posts opened per transaction: one page of positions (the store's page size),
/// and a short hold of the write connection, which ingest shares.
const BATCH: u32 = 256;
/// Most sealed posts one reaction opens (about a second of work); the rest wait for the
/// next one, at most `REACT_RETRY_SECS` later, so a backlog after a rebuild or an unlock
/// does not hold the reactor long.
const PER_REACTION: usize = 4096;
/// Most sealed posts a search opens before it runs: what arrived since the reactor last
/// ran. A larger backlog is the reactor's, so a search never waits long.
const BEFORE_READ: usize = BATCH as usize;

/// superSocial's reactor: indexes sealed posts as this account opens them.
pub fn reactor() -> Reactor {
    Reactor::new(APP_ID, &[SEALED], |ctx, _events| async move {
        open_pending(&ctx, PER_REACTION).await.map(|_| ())
    })
}

/// Indexes what is left to open before a search or hashtag view. A failure is logged:
/// the view still shows everything already indexed.
pub(crate) async fn before_read(ctx: &Ctx) {
    if let Err(e) = open_pending(ctx, BEFORE_READ).await {
        tracing::warn!(code = %e.code, "sealed posts not indexed: {}", e.message);
    }
}

/// Opens up to `most` sealed posts not opened yet with this account's key, indexing those
/// sealed to it. Does nothing while the key is locked (or there is no account): they are
/// opened once it is unlocked. Returns how many were tried.
pub(crate) async fn open_pending(ctx: &Ctx, most: usize) -> Result<usize, ApiError> {
    let store = ctx.store();
    let mut done = 0;
    while done < most {
        let positions: Vec<i64> = {
            let mut reader = store.app_reader(APP_ID).await?;
            let rows = sqlx::query(
                "SELECT pos FROM sealed_posts INDEXED BY sealed_posts_to_open \
                 WHERE opened IS NULL ORDER BY pos LIMIT ?",
            )
            .bind(i64::from(BATCH).min((most - done) as i64))
            .fetch_all(reader.conn())
            .await
            .map_err(|e| reader.error(e))?;
            rows.iter().map(|r| r.get(0)).collect()
        };
        if positions.is_empty() {
            break;
        }
        let (Some(me), Some(key)) = (ctx.account(), reading_key(ctx)) else {
            break;
        };
        let mut opened: Vec<Opened> = Vec::with_capacity(positions.len());
        let stored = store.at_positions(&positions).await?;
        for &pos in &positions {
            // A position no longer in the log is marked tried: its row leaves with it.
            let found = stored.iter().find(|s| s.pos == pos);
            let post = found.and_then(|s| {
                let e = &s.event;
                (e.kind() == SEALED)
                    .then(|| SealedBody::parse(e).ok())
                    .flatten()
                    .and_then(|sealed| sealed.open(&e.author(), &me, &key))
            });
            opened.push(Opened {
                pos,
                created_at: found.map_or(0, |s| s.event.created_at()),
                post,
            });
        }
        let failed = |e: &dyn std::fmt::Display| {
            ApiError::internal(format!(
                "indexing the sealed posts this account opened: {e}"
            ))
        };
        {
            let mut writer = store.app_writer(APP_ID).await?;
            let mut tx = writer.conn().begin().await.map_err(|e| failed(&e))?;
            index_opened(&mut tx, &opened)
                .await
                .map_err(|e| failed(&e))?;
            tx.commit().await.map_err(|e| failed(&e))?;
        }
        let read = opened.iter().filter(|o| o.post.is_some()).count();
        tracing::debug!(tried = opened.len(), read, "sealed posts indexed");
        done += positions.len();
        if positions.len() < BATCH as usize {
            break;
        }
    }
    Ok(done)
}
