//! The gateway's HTTP API as an OpenAPI 3.1 document, generated from the method table
//! (what `api.methods` answers), so that any OpenAPI tool can call a node.
//!
//! ```text
//!  api.methods ─▶ one `POST /api/<method>` per method: input schema → requestBody,
//!                 output schema → 200, every error status the gateway gives → {code, message}
//!              ─▶ each schema's `$defs` lifted into components/schemas (identical ones
//!                 shared, different ones of one name told apart by the method's name)
//! ```
//!
//! Served without sign-in at `GET /api/openapi.json` (with the gateway's address as its
//! server) and printed by `supernet api-schema --openapi` (no server: the address is in
//! `daemon.json`). Mini-app methods (`app.<id>.*`) come and go with installed apps: the
//! served document has those the node's `api.methods` lists; the printed one, none.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};
use supernet_apps::contract::{describe_permission, schema_of};
use supernet_core::{ApiError, ErrorCode};

use crate::MethodsOutput;

/// The OpenAPI version the document follows.
pub const OPENAPI_VERSION: &str = "3.1.0";
/// Where `$ref`s into components point.
const COMPONENTS: &str = "#/components/schemas/";
/// The local key of a method's root schema among its `$defs` (not a valid Rust name, so
/// it never collides with one).
const ROOT: &str = "<root>";

/// The document for the built-in methods, as `supernet api-schema --openapi` prints it.
pub fn builtin_document() -> Value {
    document(&crate::describe_api(), None)
}

/// The OpenAPI 3.1 document of `api` (what `api.methods` answered); `server` is the
/// gateway's base URL when it serves the document.
pub fn document(api: &MethodsOutput, server: Option<&str>) -> Value {
    let mut schemas = Schemas::default();
    let error = schemas.lift(&schema_of::<ApiError>(), "ApiError", "");
    let mut statuses: BTreeMap<u16, Vec<&'static str>> = BTreeMap::new();
    for code in ErrorCode::ALL {
        statuses
            .entry(crate::gateway::status_for(*code).as_u16())
            .or_default()
            .push(code.as_str());
    }
    let mut responses = Map::new();
    for (status, codes) in &statuses {
        responses.insert(
            error_response_name(*status),
            error_response(*status, codes, &error),
        );
    }

    let mut paths = Map::new();
    paths.insert(
        "/api/openapi.json".into(),
        json!({ "get": {
            "operationId": "openapi",
            "summary": "This document",
            "description": "The node's API as an OpenAPI 3.1 document; needs no sign-in.",
            "tags": ["api"],
            "security": [],
            "responses": { "200": {
                "description": "The document",
                "content": { "application/json": { "schema": { "type": "object" } } }
            } }
        } }),
    );
    for method in &api.methods {
        let prefix = pascal(&method.name);
        let input = schemas.lift(&method.input, &format!("{prefix}Input"), &prefix);
        let output = schemas.lift(&method.output, &format!("{prefix}Output"), &prefix);
        let required = method
            .input
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|r| !r.is_empty());
        let permission = method.permission.as_str();
        let plain = describe_permission(permission)
            .map(|p| format!(": {}", p.description))
            .unwrap_or_default();
        let mut description = format!(
            "{}.\n\nNeeds the permission `{permission}`{plain}.",
            method.description.trim_end_matches('.')
        );
        if method.signs {
            description.push_str(
                " Signs with the node's key: answers `locked` (423) while the key is locked.",
            );
        }
        let mut operation_responses = Map::new();
        operation_responses.insert(
            "200".into(),
            json!({
                "description": "Done: the method's output",
                "content": { "application/json": { "schema": output } }
            }),
        );
        for status in statuses.keys() {
            operation_responses.insert(
                status.to_string(),
                json!({ "$ref": format!("#/components/responses/{}", error_response_name(*status)) }),
            );
        }
        let tag = method.name.split('.').next().unwrap_or("api");
        paths.insert(
            format!("/api/{}", method.name),
            json!({ "post": {
                "operationId": method.name,
                "summary": method.description,
                "description": description,
                "tags": [tag],
                "requestBody": {
                    "description": if required { "The input" } else { "The input; an empty body is no input (`{}`)" },
                    "required": required,
                    "content": { "application/json": { "schema": input } }
                },
                "responses": operation_responses,
                "x-supernet-permission": permission,
                "x-supernet-signs": method.signs,
            } }),
        );
    }

    let mut doc = json!({
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Supernet node API",
            "version": crate::VERSION,
            "summary": "Every method of a Supernet node: JSON in, JSON out",
            "description": DESCRIPTION,
            "x-supernet-contract-version": api.contract_version,
        },
        "paths": paths,
        "components": {
            "schemas": schemas.into_map(),
            "responses": responses,
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "The owner token (the `token` in the data directory's `daemon.json`: everything), or a scoped access token from `tokens.create` (`snt_…`: only its permissions)."
                },
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "supernet_session",
                    "description": "The web UI's session, from a one-time login link (`supernet link`); same-origin requests only."
                }
            }
        },
        "security": [ { "bearer": [] }, { "session": [] } ],
    });
    if let Some(server) = server {
        doc["servers"] =
            json!([{ "url": server.trim_end_matches('/'), "description": "This node's gateway" }]);
    }
    doc
}

const DESCRIPTION: &str = "Every method is `POST /api/<method>` with a JSON object as input \
(an empty body stands for `{}`) and answers its JSON output with 200, or an error \
`{\"code\", \"message\"}` with the status of its code: branch on `code`, show `message` to \
people.\n\nSign in with `Authorization: Bearer <token>`: the owner token in the data \
directory's `daemon.json` may do everything; an access token from `tokens.create` only what \
its permissions allow (`x-supernet-permission` on each method; `api.permissions` describes \
them). `x-supernet-signs` marks methods that sign with the node's key.\n\nMini-app methods \
(`app.<id>.<name>`) exist while their app is installed: the document a node serves lists \
those its `api.methods` lists, the one `supernet api-schema --openapi` prints lists none.";

fn error_response_name(status: u16) -> String {
    format!("Error{status}")
}

fn error_response(status: u16, codes: &[&str], error: &Value) -> Value {
    let reason = axum::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    json!({
        "description": format!("{reason}: `{}`", codes.join("`, `")),
        "content": { "application/json": { "schema": {
            "allOf": [ error ],
            "properties": { "code": { "enum": codes } }
        } } }
    })
}

/// `social.post` → `SocialPost`.
fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A component name OpenAPI accepts (`^[a-zA-Z0-9._-]+$`).
fn component_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() {
        "Schema".into()
    } else {
        clean
    }
}

/// The document's `components/schemas`, filled one method schema at a time.
#[derive(Debug, Default)]
struct Schemas {
    schemas: BTreeMap<String, Value>,
}

impl Schemas {
    fn into_map(self) -> Map<String, Value> {
        self.schemas.into_iter().collect()
    }

    /// Moves `root` and its `$defs` into the components; returns what stands for it in
    /// an operation: a `$ref` (or the schema itself when it is `true`/`false`). `name`
    /// names it when it has no title; `prefix` (the method's name) tells apart different
    /// schemas of one name.
    fn lift(&mut self, root: &Value, name: &str, prefix: &str) -> Value {
        let Value::Object(root) = root else {
            return root.clone();
        };
        let mut root = root.clone();
        root.remove("$schema");
        let mut local: BTreeMap<String, Value> = BTreeMap::new();
        for key in ["$defs", "definitions"] {
            if let Some(Value::Object(defs)) = root.remove(key) {
                local.extend(defs);
            }
        }
        let mut desired: BTreeMap<String, String> = local
            .keys()
            .map(|k| (k.clone(), component_name(k)))
            .collect();
        // The title becomes the component's name (and goes, so that a type that is one
        // method's root and another's definition is one component).
        let title = match root.remove("title") {
            Some(Value::String(title)) => component_name(&title),
            _ => component_name(name),
        };
        desired.insert(ROOT.into(), title);
        local.insert(ROOT.into(), Value::Object(root));

        let mapping = self.assign(&local, &desired, prefix);
        for (key, schema) in &local {
            self.schemas
                .entry(mapping[key].clone())
                .or_insert_with(|| rewrite(schema, &mapping));
        }
        json!({ "$ref": format!("{COMPONENTS}{}", mapping[ROOT]) })
    }

    /// Chooses each local schema's component name: its own name when that is free or
    /// holds the very same schema, else one prefixed with the method's name (numbered if
    /// need be). Names depend on each other through `$ref`s, so this repeats until stable.
    fn assign(
        &self,
        local: &BTreeMap<String, Value>,
        desired: &BTreeMap<String, String>,
        prefix: &str,
    ) -> BTreeMap<String, String> {
        let mut mapping = desired.clone();
        for _ in 0..=local.len() + 1 {
            let mut next = BTreeMap::new();
            let mut taken = BTreeSet::new();
            for (key, schema) in local {
                let rewritten = rewrite(schema, &mapping);
                let base = &desired[key];
                let chosen = std::iter::once(base.clone())
                    .chain(std::iter::once(format!("{prefix}{base}")))
                    .chain((2..).map(|n| format!("{prefix}{base}{n}")))
                    .find(|candidate| {
                        !taken.contains(candidate)
                            && self
                                .schemas
                                .get(candidate)
                                .is_none_or(|existing| *existing == rewritten)
                    })
                    .expect("an endless list of names has a free one");
                taken.insert(chosen.clone());
                next.insert(key.clone(), chosen);
            }
            if next == mapping {
                return mapping;
            }
            mapping = next;
        }
        // No fixed point (names chasing each other): fresh names for all, which cannot
        // clash with anything.
        let mut taken = BTreeSet::new();
        local
            .keys()
            .map(|key| {
                let base = &desired[key];
                let chosen = (2..)
                    .map(|n| format!("{prefix}{base}{n}"))
                    .find(|c| !self.schemas.contains_key(c) && !taken.contains(c))
                    .expect("an endless list of names has a free one");
                taken.insert(chosen.clone());
                (key.clone(), chosen)
            })
            .collect()
    }
}

/// `schema` with its local `$ref`s (`#/$defs/X`, `#/definitions/X`, `#`) pointing into the
/// components as `mapping` names them.
fn rewrite(schema: &Value, mapping: &BTreeMap<String, String>) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("$ref", Value::String(target)) => Value::String(
                            retarget(target, mapping).unwrap_or_else(|| target.clone()),
                        ),
                        _ => rewrite(v, mapping),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| rewrite(v, mapping)).collect()),
        other => other.clone(),
    }
}

fn retarget(target: &str, mapping: &BTreeMap<String, String>) -> Option<String> {
    let local = if target == "#" {
        ROOT.to_owned()
    } else {
        let name = target
            .strip_prefix("#/$defs/")
            .or_else(|| target.strip_prefix("#/definitions/"))?;
        name.replace("~1", "/").replace("~0", "~")
    };
    let global = mapping.get(&local)?;
    Some(format!(
        "{COMPONENTS}{}",
        global.replace('~', "~0").replace('/', "~1")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    match (k.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r.clone()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_method_is_a_path_and_every_ref_resolves() {
        let api = crate::describe_api();
        let doc = builtin_document();
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["info"]["version"], crate::VERSION);
        assert!(doc.get("servers").is_none());
        for method in &api.methods {
            let op = &doc["paths"][format!("/api/{}", method.name)]["post"];
            assert_eq!(op["x-supernet-permission"], method.permission.as_str());
            assert_eq!(op["x-supernet-signs"], method.signs);
            assert_eq!(
                op["responses"]["403"]["$ref"],
                "#/components/responses/Error403"
            );
        }
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > api.methods.len());
        for r in all {
            let pointer = r.strip_prefix('#').unwrap();
            assert!(doc.pointer(pointer).is_some(), "{r} points nowhere");
            assert!(!r.contains("$defs"), "{r} was not lifted");
        }
        let text = doc.to_string();
        assert!(!text.contains("\"$defs\""), "no $defs left behind");
    }

    #[test]
    fn identical_definitions_are_shared_and_different_ones_of_one_name_kept_apart() {
        let mut schemas = Schemas::default();
        let a = json!({"title": "In", "type": "object",
            "properties": {"who": {"$ref": "#/$defs/Who"}},
            "$defs": {"Who": {"type": "string", "pattern": "^sn1"}}});
        let b = json!({"title": "In", "type": "object",
            "properties": {"who": {"$ref": "#/$defs/Who"}, "n": {"type": "integer"}},
            "$defs": {"Who": {"type": "integer"}}});
        assert_eq!(
            schemas.lift(&a, "X", "First"),
            json!({"$ref": "#/components/schemas/In"})
        );
        assert_eq!(
            schemas.lift(&a, "X", "Again"),
            json!({"$ref": "#/components/schemas/In"})
        );
        assert_eq!(
            schemas.lift(&b, "X", "Second"),
            json!({"$ref": "#/components/schemas/SecondIn"})
        );
        let map = schemas.into_map();
        assert_eq!(map["Who"], json!({"type": "string", "pattern": "^sn1"}));
        assert_eq!(map["SecondWho"], json!({"type": "integer"}));
        assert_eq!(
            map["SecondIn"]["properties"]["who"]["$ref"],
            "#/components/schemas/SecondWho"
        );
        assert_eq!(
            map["In"]["properties"]["who"]["$ref"],
            "#/components/schemas/Who"
        );
        assert_eq!(map.len(), 4);
    }

    #[test]
    fn a_recursive_root_points_at_its_own_component() {
        let mut schemas = Schemas::default();
        let tree = json!({"title": "Tree", "type": "object",
            "properties": {"children": {"type": "array", "items": {"$ref": "#"}}}});
        schemas.lift(&tree, "X", "M");
        let map = schemas.into_map();
        assert_eq!(
            map["Tree"]["properties"]["children"]["items"]["$ref"],
            "#/components/schemas/Tree"
        );
    }

    #[test]
    fn the_served_document_names_its_server() {
        let doc = document(&crate::describe_api(), Some("http://127.0.0.1:4321/"));
        assert_eq!(doc["servers"][0]["url"], "http://127.0.0.1:4321");
    }
}
