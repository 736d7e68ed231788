//! `scripts/bench feed`: superSocial's read paths on a big store — the home timeline's first
//! page (50 posts) and full-text search — over N events (default 1,000,000) from 1,000
//! authors, against a plain page of 50 events from the kernel measured in the same run.
//!
//! 1. A node on a fresh data directory on disk (WAL, as on a user's machine), its network
//!    not started: nothing here needs it. Its account is the reader.
//! 2. Fill (timed): N signed events in time order through `Node::ingest_batches` — posts in
//!    Markdown drawn from a vocabulary of 4,000 words with a Zipf distribution, some with
//!    hashtags, some blog posts with a title; comments, and replies to comments; reactions;
//!    follows between the authors; a profile per author. Authors are Zipf-distributed too.
//! 3. The node's account follows 5, then 150, then all 1,000 authors (`social.follow`, which
//!    without a network only publishes the follow); each time, the timeline's first page,
//!    and with 150 its second page (after the first page's `next` cursor).
//! 4. `social.search` for a very common word, a common word, a rare word, two words, a
//!    prefix, the prefix of a very common word, and one letter (the last word of a search
//!    is a prefix from three letters on, as people type).
//!
//! Every case: `WARMUP` calls, then `RUNS` calls, each followed by one baseline call so both
//! see the same machine; p50, p99 and max, and the ratios to the baseline's p50 and p99.
//! The baseline is `events.query {limit: 50}`: the newest 50 events, read from the same log
//! and answered through the same API, without any of the app's work.
//!
//! Usage: `cargo bench -p supernet-node --bench feed -- [EVENTS]` (default 1,000,000); with
//! `SUPERNET_BENCH_KEEP=1` the store stays on disk afterwards, for a look at its queries.
#![allow(clippy::print_stdout, missing_docs)]

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_json::{Value, json};
use supernet_core::{AccountId, Draft, EventId, Ref, SecretKey};
use supernet_node::apps::social::{PostBody, ProfileBody, ReplyTo};
use supernet_node::{Caller, Node, NodeConfig};

/// Authors in the store (the figure).
const AUTHORS: usize = 1_000;
/// Accounts the reader follows in the main case: a realistic subset of those stored.
const FOLLOWED: usize = 150;
/// Accounts the reader follows in the small case (the timeline's per-author path).
const FEW: usize = 5;
/// Spread of the events' times: a month of activity.
const SPAN_MS: u64 = 30 * 24 * 3600 * 1000;
/// Longest delay between a post and a comment or reaction on it.
const DAY_MS: u64 = 24 * 3600 * 1000;
/// Events per ingest batch: what a sync round or an import step hands the store.
const BATCH: usize = 10_000;
/// Distinct words in the texts: a few thousand, as in everyday writing.
const VOCABULARY: usize = 4_000;
/// Calls before timing starts: prepared statements and the page cache warm up.
const WARMUP: usize = 20;
/// Timed calls per case: enough for a p99 that is not just the maximum.
const RUNS: usize = 200;
/// The page size the app asks for.
const PAGE: usize = 50;
/// The targets, at p99.
const TIMELINE_TARGET_MS: f64 = 20.0;
const SEARCH_TARGET_MS: f64 = 50.0;
/// A word outside the vocabulary, written once every `RARE_EVERY` posts: a rare search.
const RARE: &str = "zeppelin";
const RARE_EVERY: usize = 50_000;

/// Frequent English words, roughly most frequent first: the head of the vocabulary (the
/// rest is made-up words). Ends with the words the searches below look for.
const COMMON: &str = "the of and to a in is it you that he was for on are with as I his they \
    be at one have this from or had by not word but what some we can out other were all there \
    when up use your how said an each she which do their time if will way about many then them \
    write would like so these her long make thing see him two has look more day could go come \
    did number sound no most people my over know water than call first who may down side been \
    now find any new work part take get place made live where after back little only round man \
    year came show every good me give our under name very through just form sentence great \
    think say help low line differ turn cause much mean before move right boy old too same tell \
    does set three want air well also play small end put home read hand port large spell add \
    even land here must big high such follow act why ask men change went light kind off need \
    house picture try us again animal point mother world near build self earth father head stand \
    own page should country found answer school grow study still learn plant cover food sun four \
    between state keep eye never last let thought city tree cross farm hard start might story \
    saw far sea draw left late run while press close night real life few north open seem \
    together next white children begin got walk example ease paper group always music those \
    both mark often letter until mile river car feet care second book carry took science eat \
    room friend began idea fish mountain stop once base hear horse cut sure watch color face \
    wood main enough plain girl usual young ready above ever red list though feel talk bird soon \
    body dog family direct pose leave song measure door product black short numeral class wind \
    question happen complete ship area half rock order fire south problem piece told knew pass \
    since top whole king space heard best hour better true during hundred five remember step \
    early hold west ground interest reach fast verb sing listen six table travel less morning \
    ten simple several vowel toward war lay against pattern slow center love person money serve \
    appear road map rain rule govern pull cold notice voice unit power town fine certain fly \
    fall lead cry dark machine note wait plan figure star box noun field rest correct able pound \
    done beauty drive stood contain front teach week final gave green oh quick develop ocean \
    warm free minute strong special mind behind clear tail produce fact street inch multiply \
    nothing course stay wheel full force blue object decide surface deep moon island foot \
    system busy test record boat common gold possible plane stead dry wonder laugh thousand ago \
    ran check game shape equate hot miss brought heat snow tire bring yes distant fill east \
    paint language among coffee network party garden gardens gardening garlic garage";

/// Hashtags, most used first.
const TAGS: &[&str] = &[
    "music",
    "garden",
    "coffee",
    "photography",
    "books",
    "travel",
    "food",
    "running",
    "science",
    "art",
    "cycling",
    "climate",
    "rust",
    "linux",
    "opensource",
    "hiking",
    "cooking",
    "film",
    "poetry",
    "design",
    "history",
    "football",
    "chess",
    "birds",
    "weekend",
    "news",
    "tech",
    "sunset",
    "family",
    "health",
];

const REACTIONS: &[&str] = &["👍", "❤️", "😂", "🎉", "🔥", "👀", "🙏"];

/// The searches: what, and why it is there.
const SEARCHES: &[(&str, &str)] = &[
    ("the", "very common word (most posts)"),
    ("music", "common word"),
    (RARE, "rare word"),
    ("music city", "two words"),
    ("gar", "prefix"),
    ("that", "prefix of a very common word, merged"),
    ("a", "one letter: a whole word"),
];

/// SplitMix64: small, fast and seedable; every event draws from its own stream, so the
/// store is the same whatever order rayon runs the work in.
struct Rng(u64);

impl Rng {
    fn new(stream: u64, index: usize) -> Self {
        Self(
            stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03),
        )
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Draws ranks `0..n` with probability proportional to `1 / (rank + 1)^s`.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let mut cdf: Vec<f64> = (1..=n)
            .map(|r| {
                total += 1.0 / (r as f64).powf(s);
                total
            })
            .collect();
        for c in &mut cdf {
            *c /= total;
        }
        Self { cdf }
    }
    fn draw(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cdf.partition_point(|&c| c < u).min(self.cdf.len() - 1)
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Writes the texts: Markdown sentences of Zipf-distributed words.
struct Writer {
    words: Vec<String>,
    word_rank: Zipf,
    tag_rank: Zipf,
}

impl Writer {
    fn new() -> Self {
        let mut seen = HashSet::new();
        let mut words: Vec<String> = COMMON
            .split_whitespace()
            .filter(|w| seen.insert(w.to_string()))
            .map(str::to_owned)
            .collect();
        // Made-up words for the long tail: two or three syllables, sometimes a final consonant.
        const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
        const VOWELS: &[u8] = b"aeiou";
        let mut rng = Rng::new(1, 0);
        while words.len() < VOCABULARY {
            let mut w = String::new();
            for _ in 0..rng.range(2, 3) {
                w.push(CONSONANTS[rng.below(CONSONANTS.len())] as char);
                w.push(VOWELS[rng.below(VOWELS.len())] as char);
            }
            if rng.chance(0.3) {
                w.push(b"nrslt"[rng.below(5)] as char);
            }
            if w != RARE && seen.insert(w.clone()) {
                words.push(w);
            }
        }
        Self {
            word_rank: Zipf::new(words.len(), 1.0),
            words,
            tag_rank: Zipf::new(TAGS.len(), 1.0),
        }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        &self.words[self.word_rank.draw(rng)]
    }

    /// One sentence of `min..=max` words, with the odd comma and emphasis.
    fn sentence(&self, rng: &mut Rng, out: &mut String, min: usize, max: usize) {
        let n = rng.range(min, max);
        for k in 0..n {
            let word = self.word(rng);
            let word = if k == 0 {
                capitalised(word)
            } else {
                out.push(' ');
                word.to_owned()
            };
            if rng.chance(0.02) {
                out.push_str(&format!("**{word}**"));
            } else if rng.chance(0.02) {
                out.push_str(&format!("*{word}*"));
            } else {
                out.push_str(&word);
            }
            if k + 1 < n && rng.chance(0.06) {
                out.push(',');
            }
        }
        out.push(match rng.below(10) {
            0 => '!',
            1 => '?',
            _ => '.',
        });
    }

    fn sentences(&self, rng: &mut Rng, count: usize, min: usize, max: usize) -> String {
        let mut out = String::new();
        for k in 0..count {
            if k > 0 {
                out.push(' ');
            }
            self.sentence(rng, &mut out, min, max);
        }
        out
    }

    fn tag(&self, rng: &mut Rng) -> &'static str {
        TAGS[self.tag_rank.draw(rng)]
    }

    /// Post number `i`: most are a few sentences; one in 20 is a blog post with a title,
    /// headings, lists and several paragraphs; one in 5 carries hashtags.
    fn post(&self, rng: &mut Rng, i: usize) -> (Option<String>, String) {
        let mut title = None;
        let mut text = if rng.chance(0.05) {
            let mut t = String::new();
            self.sentence(rng, &mut t, 3, 8);
            title = Some(t.trim_end_matches(['.', '!', '?']).to_owned());
            let mut paragraphs = Vec::new();
            for p in 0..rng.range(3, 7) {
                if p > 0 && rng.chance(0.4) {
                    paragraphs.push(format!("## {}", capitalised(self.word(rng))));
                }
                if rng.chance(0.25) {
                    let items: Vec<String> = (0..3)
                        .map(|_| format!("- {}", self.sentences(rng, 1, 2, 6)))
                        .collect();
                    paragraphs.push(items.join("\n"));
                }
                let count = rng.range(2, 5);
                paragraphs.push(self.sentences(rng, count, 6, 20));
            }
            paragraphs.join("\n\n")
        } else {
            let count = rng.range(1, 4);
            self.sentences(rng, count, 4, 18)
        };
        if rng.chance(0.05) {
            let w = self.word(rng).to_owned();
            text.push_str(&format!(" More on [{w}](https://example.org/{w}/{i})."));
        }
        if i.is_multiple_of(RARE_EVERY) {
            text.push_str(&format!(" Saw a {RARE} over the river today."));
        }
        if rng.chance(0.2) {
            let tags: Vec<String> = (0..rng.range(1, 2))
                .map(|_| format!("#{}", self.tag(rng)))
                .collect();
            let sep = if rng.chance(0.5) { "\n\n" } else { " " };
            text.push_str(sep);
            text.push_str(&tags.join(" "));
        }
        (title, text)
    }

    fn comment(&self, rng: &mut Rng) -> String {
        let count = rng.range(1, 2);
        self.sentences(rng, count, 3, 14)
    }
}

/// How many events of each kind make up `n`.
#[derive(Debug)]
struct Mix {
    profiles: usize,
    posts: usize,
    comments: usize,
    replies: usize,
    reactions: usize,
    follows: usize,
}

impl Mix {
    fn of(n: usize) -> Self {
        assert!(
            n >= 10 * AUTHORS,
            "at least {} events: {AUTHORS} profiles and posts to read",
            10 * AUTHORS
        );
        let profiles = AUTHORS;
        let rest = n - profiles;
        let comments = rest / 10;
        let replies = rest / 25;
        let reactions = rest * 11 / 100;
        let follows = (rest * 3 / 100).min(AUTHORS * (AUTHORS - 1));
        Self {
            profiles,
            posts: rest - comments - replies - reactions - follows,
            comments,
            replies,
            reactions,
            follows,
        }
    }
}

/// A post or comment others point at.
#[derive(Clone, Copy)]
struct Target {
    id: EventId,
    author: AccountId,
    root: EventId,
    at: u64,
}

/// A signed event ready to ingest, with its time (the store is filled in time order).
struct Signed {
    at: u64,
    wire: Box<[u8]>,
}

fn sign(
    kind: &str,
    at: u64,
    body: Vec<u8>,
    refs: Vec<Ref>,
    key: &SecretKey,
) -> supernet_core::Event {
    Draft {
        refs,
        ..Draft::new(kind, at, body)
    }
    .sign(key)
    .expect("the draft follows the format")
}

/// Signs a post or comment; returns it as a target for later events, and its wire bytes.
fn sign_post(body: PostBody, at: u64, key: &SecretKey) -> (Target, Signed) {
    let author = key.account();
    let refs = body.refs(None, author);
    let root = body.reply_to.map(|r| r.root);
    let event = sign(
        "social.post",
        at,
        serde_json::to_vec(&body).unwrap(),
        refs,
        key,
    );
    let id = event.id();
    let target = Target {
        id,
        author,
        root: root.unwrap_or(id),
        at,
    };
    (
        target,
        Signed {
            at,
            wire: event.into_wire(),
        },
    )
}

/// A time after `at` (within a day), not after `now`.
fn later(rng: &mut Rng, at: u64, now: u64) -> u64 {
    let room = now.saturating_sub(at).clamp(1, DAY_MS);
    at + 1 + rng.below(room as usize) as u64
}

/// Every event of the store, in time order.
fn generate(n: usize, keys: &[SecretKey], now: u64) -> (Vec<Signed>, Mix) {
    let mix = Mix::of(n);
    let writer = Writer::new();
    let authors = Zipf::new(AUTHORS, 0.8);
    let start = now - SPAN_MS;
    let key = |rng: &mut Rng| &keys[authors.draw(rng)];

    let (posts, mut all): (Vec<Target>, Vec<Signed>) = (0..mix.posts)
        .into_par_iter()
        .map(|i| {
            let mut rng = Rng::new(2, i);
            let at = start + (i as u64 * SPAN_MS) / mix.posts as u64;
            let (title, text) = writer.post(&mut rng, i);
            let body = PostBody {
                text,
                title,
                attachments: vec![],
                reply_to: None,
                quote: None,
            };
            sign_post(body, at, key(&mut rng))
        })
        .unzip();
    // A comment answers `parent`, within a day, but not after now.
    let comment = |rng: &mut Rng, parent: &Target| {
        let at = later(rng, parent.at, now);
        let body = PostBody {
            text: writer.comment(rng),
            title: None,
            attachments: vec![],
            reply_to: Some(ReplyTo {
                root: parent.root,
                parent: parent.id,
                author: parent.author,
            }),
            quote: None,
        };
        sign_post(body, at, key(rng))
    };
    // A third of the comments go to the 1 % most discussed posts, the rest anywhere.
    let discussed = |rng: &mut Rng| {
        if rng.chance(0.3) {
            &posts[rng.below(posts.len().div_ceil(100)) * 100]
        } else {
            &posts[rng.below(posts.len())]
        }
    };
    let (comments, signed): (Vec<Target>, Vec<Signed>) = (0..mix.comments)
        .into_par_iter()
        .map(|j| {
            let mut rng = Rng::new(3, j);
            let parent = discussed(&mut rng);
            comment(&mut rng, parent)
        })
        .unzip();
    all.extend(signed);
    let replies: Vec<Signed> = (0..mix.replies)
        .into_par_iter()
        .map(|j| {
            let mut rng = Rng::new(4, j);
            let parent = &comments[rng.below(comments.len())];
            comment(&mut rng, parent).1
        })
        .collect();
    all.extend(replies);
    let reactions: Vec<Signed> = (0..mix.reactions)
        .into_par_iter()
        .map(|j| {
            let mut rng = Rng::new(5, j);
            let target = if rng.chance(0.8) {
                discussed(&mut rng)
            } else {
                &comments[rng.below(comments.len())]
            };
            let key = key(&mut rng);
            let mut refs = vec![Ref::Event(target.id)];
            if target.author != key.account() {
                refs.push(Ref::Account(target.author));
            }
            let at = later(&mut rng, target.at, now);
            let body = json!({ "reaction": REACTIONS[rng.below(REACTIONS.len())] });
            let event = sign(
                "social.react",
                at,
                serde_json::to_vec(&body).unwrap(),
                refs,
                key,
            );
            Signed {
                at,
                wire: event.into_wire(),
            }
        })
        .collect();
    all.extend(reactions);
    let follows: Vec<Signed> = (0..mix.follows)
        .into_par_iter()
        .map(|j| {
            let mut rng = Rng::new(6, j);
            let follower = rng.below(AUTHORS);
            let mut followed = authors.draw(&mut rng);
            if followed == follower {
                followed = (followed + 1) % AUTHORS;
            }
            let at = start + rng.below(SPAN_MS as usize) as u64;
            let refs = vec![Ref::Account(keys[followed].account())];
            let event = sign("social.follow", at, b"{}".to_vec(), refs, &keys[follower]);
            Signed {
                at,
                wire: event.into_wire(),
            }
        })
        .collect();
    all.extend(follows);
    let profiles: Vec<Signed> = (0..mix.profiles)
        .into_par_iter()
        .map(|a| {
            let mut rng = Rng::new(7, a);
            let name = format!(
                "{} {}",
                capitalised(writer.word(&mut rng)),
                capitalised(&writer.words[writer.words.len() - 1 - rng.below(2_000)])
            );
            let body = ProfileBody {
                name,
                bio: writer.sentences(&mut rng, 2, 4, 12),
                avatar: None,
                links: vec![],
            };
            let at = start - 1_000 - a as u64;
            let event = sign(
                "social.profile",
                at,
                serde_json::to_vec(&body).unwrap(),
                vec![],
                &keys[a],
            );
            Signed {
                at,
                wire: event.into_wire(),
            }
        })
        .collect();
    all.extend(profiles);
    all.par_sort_unstable_by_key(|s| s.at);
    (all, mix)
}

/// Nearest-rank quantile of sorted samples.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// One measured case and the baseline calls interleaved with it.
struct Case {
    name: String,
    samples: Vec<Duration>,
    baseline: Vec<Duration>,
}

impl Case {
    fn p50(&self) -> f64 {
        ms(quantile(&self.samples, 0.5))
    }
    fn p99(&self) -> f64 {
        ms(quantile(&self.samples, 0.99))
    }
    fn print(&self, note: &str) {
        let (b50, b99) = (
            ms(quantile(&self.baseline, 0.5)),
            ms(quantile(&self.baseline, 0.99)),
        );
        println!(
            "  {:<40} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms | baseline p50 {:>5.2} p99 {:>5.2} ms | {:>5.1}x / {:>5.1}x  {note}",
            self.name,
            self.p50(),
            self.p99(),
            ms(*self.samples.last().unwrap()),
            b50,
            b99,
            self.p50() / b50,
            self.p99() / b99,
        );
    }
}

async fn call(node: &Node, method: &str, input: &Value) -> Value {
    node.call(&Caller::owner(), method, input.clone())
        .await
        .unwrap_or_else(|e| panic!("{method} {input}: {e:?}"))
}

/// Times `method` with `input`: `WARMUP` calls, then `RUNS` timed calls each followed by a
/// timed baseline call. Returns the case and the last answer.
async fn measure(node: &Node, name: String, method: &str, input: Value) -> (Case, Value) {
    let baseline = json!({ "limit": PAGE });
    for _ in 0..WARMUP {
        call(node, method, &input).await;
        call(node, "events.query", &baseline).await;
    }
    let mut samples = Vec::with_capacity(RUNS);
    let mut base = Vec::with_capacity(RUNS);
    let mut last = Value::Null;
    for _ in 0..RUNS {
        let t = Instant::now();
        last = call(node, method, &input).await;
        samples.push(t.elapsed());
        let t = Instant::now();
        let page = call(node, "events.query", &baseline).await;
        base.push(t.elapsed());
        assert_eq!(page["events"].as_array().map(Vec::len), Some(PAGE));
    }
    samples.sort();
    base.sort();
    let case = Case {
        name,
        samples,
        baseline: base,
    };
    (case, last)
}

/// Follows `accounts` through the API, as the reader would.
async fn follow(node: &Node, accounts: &[AccountId]) {
    for a in accounts {
        call(node, "social.follow", &json!({ "account": a })).await;
    }
}

/// Measures `social.following`, which reads the follow set the way the timeline does.
async fn following(node: &Node, n: usize) -> Case {
    let (case, out) = measure(
        node,
        format!("follow set, {n} followed"),
        "social.following",
        json!({}),
    )
    .await;
    assert_eq!(out["accounts"].as_array().map(Vec::len), Some(n));
    case
}

fn authors_of(page: &Value) -> Vec<AccountId> {
    page["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| serde_json::from_value(p["author"].clone()).unwrap())
        .collect()
}

/// Measures the timeline's first page (and, when asked, its second) following `followed`.
async fn timeline(node: &Node, followed: &[AccountId], second: bool) -> Vec<Case> {
    let wanted: HashSet<AccountId> = followed.iter().copied().collect();
    let n = followed.len();
    let (first, page) = measure(
        node,
        format!("timeline, {n} followed, page 1"),
        "social.timeline",
        json!({ "limit": PAGE }),
    )
    .await;
    let authors = authors_of(&page);
    assert_eq!(authors.len(), PAGE, "a full first page");
    assert!(
        authors.iter().all(|a| wanted.contains(a)),
        "only followed authors"
    );
    let mut cases = vec![first];
    if second {
        let next = page["next"].as_str().expect("a cursor after a full page");
        let (case, page) = measure(
            node,
            format!("timeline, {n} followed, page 2"),
            "social.timeline",
            json!({ "limit": PAGE, "before": next }),
        )
        .await;
        let authors = authors_of(&page);
        assert_eq!(authors.len(), PAGE, "a full second page");
        assert!(
            authors.iter().all(|a| wanted.contains(a)),
            "only followed authors"
        );
        cases.push(case);
    }
    cases
}

fn dir_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn verdict(what: &str, target: f64, cases: &[&Case]) {
    let worst = cases.iter().map(|c| c.p99()).fold(0.0, f64::max);
    let figures: Vec<String> = cases
        .iter()
        .map(|c| format!("{} {:.2}", c.name, c.p99()))
        .collect();
    println!(
        "verdict: {what} p99 <= {target} ms: {} (worst p99 {worst:.2} ms; {})",
        if worst <= target { "MET" } else { "NOT MET" },
        figures.join(", ")
    );
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let threads = rayon::current_num_threads();
    println!("feed benchmark: {n} signed events from {AUTHORS} authors, {threads} threads");

    let t = Instant::now();
    let keys: Vec<SecretKey> = (0..AUTHORS).map(|_| SecretKey::generate()).collect();
    let now = supernet_node::now();
    let (events, mix) = generate(n, &keys, now);
    let bytes: usize = events.iter().map(|s| s.wire.len()).sum();
    println!(
        "  prepared {} events ({:.1} MB; {mix:?}) in {:.1} s (not timed)",
        events.len(),
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let node = Node::open_with_key(
            NodeConfig {
                data_dir: Some(dir.path().to_owned()),
                local_only: true,
            },
            SecretKey::generate(),
            Some("Reader".into()),
        )
        .await
        .unwrap();

        let batches: Vec<Vec<Box<[u8]>>> = events
            .chunks(BATCH)
            .map(|c| c.iter().map(|s| s.wire.clone()).collect())
            .collect();
        drop(events);
        let t = Instant::now();
        let outcome = node.ingest_batches(batches).await.unwrap();
        let fill = t.elapsed();
        // The same reaction by the same account to the same post at the same millisecond
        // is one event: a rare duplicate is stored once.
        assert_eq!(outcome.inserted + outcome.duplicates, n, "{outcome:?}");
        println!(
            "  fill: {n} events ({} stored) in {:.1} s ({:.0} events/s); store {:.0} MB",
            outcome.inserted,
            fill.as_secs_f64(),
            n as f64 / fill.as_secs_f64(),
            dir_size(dir.path()) as f64 / 1e6
        );

        // Whom the reader follows: a fixed random order of the authors; the first FEW, then
        // the first FOLLOWED, then all.
        let mut order: Vec<AccountId> = keys.iter().map(SecretKey::account).collect();
        let mut rng = Rng::new(8, 0);
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        println!("  each case: {WARMUP} warm-up calls, then {RUNS} timed calls, each followed by one baseline call");
        println!("  baseline: events.query {{limit: {PAGE}}} — the newest {PAGE} events from the kernel, through the same API");
        let mut timelines = Vec::new();
        let mut parts = Vec::new();
        for (from, to, second) in [(0, FEW, false), (FEW, FOLLOWED, true), (FOLLOWED, AUTHORS, false)] {
            follow(&node, &order[from..to]).await;
            timelines.extend(timeline(&node, &order[..to], second).await);
            parts.push(following(&node, to).await);
        }
        for case in &timelines {
            case.print("");
        }
        println!("  parts of a page:");
        for case in &parts {
            case.print("(whom the timeline reads: the follow events, without a network)");
        }
        let (case, page) = measure(
            &node,
            "feed of everyone, page 1".into(),
            "social.feed",
            json!({ "limit": PAGE }),
        )
        .await;
        assert_eq!(page["posts"].as_array().map(Vec::len), Some(PAGE));
        case.print("(one index read, then the views of 50 posts)");

        let mut searches = Vec::new();
        for (query, what) in SEARCHES {
            let (case, page) = measure(
                &node,
                format!("search {query:?}"),
                "social.search",
                json!({ "query": query, "limit": PAGE }),
            )
            .await;
            let hits = page["posts"].as_array().unwrap().len();
            assert!(hits > 0, "{query:?} finds something");
            case.print(&format!("({what}; {hits} on the page)"));
            searches.push(case);
        }

        let first_pages: Vec<&Case> = timelines
            .iter()
            .filter(|c| c.name.ends_with("page 1"))
            .collect();
        verdict("timeline first page", TIMELINE_TARGET_MS, &first_pages);
        verdict("search", SEARCH_TARGET_MS, &searches.iter().collect::<Vec<_>>());
        node.close().await;
    });
    if std::env::var_os("SUPERNET_BENCH_KEEP").is_some() {
        println!("  store kept in {}", dir.keep().display());
    }
}
