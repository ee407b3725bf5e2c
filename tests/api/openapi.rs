//! The committed `openapi.yaml` is generated from the code.

#[test]
fn committed_openapi_yaml_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml");
    let committed = std::fs::read_to_string(&path).expect("openapi.yaml is readable");
    let generated = iam_api::openapi::to_yaml();
    assert!(
        committed == generated,
        "openapi.yaml is out of date with the code: run `make openapi` and commit the result"
    );
}

#[test]
fn every_operation_has_an_operation_id_and_a_tag() {
    let spec: serde_json::Value =
        serde_json::to_value(iam_api::openapi::spec()).expect("the spec is JSON");
    let paths = spec["paths"]
        .as_object()
        .cloned()
        .expect("the spec has paths");
    assert!(!paths.is_empty());
    for (path, item) in paths {
        for (method, op) in item.as_object().cloned().expect("a path item is an object") {
            assert!(
                op["operationId"].is_string(),
                "{method} {path} has no operationId"
            );
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{method} {path} has no tag"
            );
        }
    }
}

// --- compatibility of /api/v1 (docs/api-versioning.md) ----------------------

use std::collections::BTreeSet;

use serde_json::Value;

fn read_yaml(relative: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn major(spec: &Value) -> u64 {
    spec["info"]["version"]
        .as_str()
        .and_then(|v| v.split('.').next())
        .and_then(|m| m.parse().ok())
        .unwrap_or(0)
}

fn operations(spec: &Value) -> BTreeSet<String> {
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for method in item.as_object().into_iter().flatten().map(|(m, _)| m) {
            ops.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    ops
}

fn names(value: &Value) -> BTreeSet<String> {
    match value {
        Value::Object(map) => map.keys().cloned().collect(),
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// Schemas sent as request bodies (by direct reference).
fn request_schemas(spec: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for item in spec["paths"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(_, i)| i)
    {
        for op in item.as_object().into_iter().flatten().map(|(_, o)| o) {
            for media in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                if let Some(name) = media.1["schema"]["$ref"]
                    .as_str()
                    .and_then(|r| r.rsplit('/').next())
                {
                    found.insert(name.to_owned());
                }
            }
        }
    }
    found
}

/// What `current` breaks for clients of `baseline` (same major version):
/// operations removed, schemas or their fields removed, fields no longer
/// required, and request bodies that now require more.
fn breaking_changes(baseline: &Value, current: &Value) -> Vec<String> {
    let mut broken = Vec::new();
    let now = operations(current);
    for op in operations(baseline).difference(&now) {
        broken.push(format!("operation removed: {op}"));
    }
    let requests = request_schemas(current);
    let old_schemas = &baseline["components"]["schemas"];
    let new_schemas = &current["components"]["schemas"];
    for (name, old) in old_schemas.as_object().into_iter().flatten() {
        let Some(new) = new_schemas.get(name) else {
            broken.push(format!("schema removed: {name}"));
            continue;
        };
        let (old_fields, new_fields) = (names(&old["properties"]), names(&new["properties"]));
        for field in old_fields.difference(&new_fields) {
            broken.push(format!("field removed: {name}.{field}"));
        }
        let (old_required, new_required) = (names(&old["required"]), names(&new["required"]));
        for field in old_required.difference(&new_required) {
            if new_fields.contains(field) {
                broken.push(format!("field no longer required: {name}.{field}"));
            }
        }
        if requests.contains(name) {
            for field in new_required.difference(&old_required) {
                broken.push(format!("request field newly required: {name}.{field}"));
            }
        }
    }
    broken
}

#[test]
fn the_committed_spec_keeps_every_promise_of_the_v1_baseline() {
    let baseline = read_yaml("contract/openapi-v1-baseline.yaml");
    let committed = read_yaml("../openapi.yaml");
    if major(&committed) > major(&baseline) {
        // A new major version may break; its baseline starts afresh.
        return;
    }
    let broken = breaking_changes(&baseline, &committed);
    assert!(
        broken.is_empty(),
        "openapi.yaml breaks /api/v1 clients without a major version bump \
         (docs/api-versioning.md):\n  {}",
        broken.join("\n  ")
    );
}

#[test]
fn the_compatibility_check_catches_removals_and_new_requirements() {
    let baseline = serde_json::json!({
        "info": {"version": "1.0.0"},
        "paths": {"/a": {"get": {}, "post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}}}}},
        "components": {"schemas": {
            "Out": {"properties": {"id": {}, "name": {}}, "required": ["id", "name"]},
            "In": {"properties": {"x": {}, "y": {}}, "required": ["x"]},
        }},
    });
    assert!(breaking_changes(&baseline, &baseline).is_empty());
    // Additions are fine: a new operation, a new optional request field, a
    // new required response field.
    let mut additive = baseline.clone();
    additive["paths"]["/b"] = serde_json::json!({"get": {}});
    additive["components"]["schemas"]["In"]["properties"]["z"] = serde_json::json!({});
    additive["components"]["schemas"]["Out"]["properties"]["extra"] = serde_json::json!({});
    additive["components"]["schemas"]["Out"]["required"] =
        serde_json::json!(["id", "name", "extra"]);
    assert!(breaking_changes(&baseline, &additive).is_empty());

    let mut removed = baseline.clone();
    removed["paths"]["/a"] = serde_json::json!({"post": removed["paths"]["/a"]["post"].clone()});
    removed["components"]["schemas"]["Out"]["properties"] = serde_json::json!({"id": {}});
    removed["components"]["schemas"]["Out"]["required"] = serde_json::json!(["id"]);
    removed["components"]["schemas"]["In"]["required"] = serde_json::json!(["x", "y"]);
    let broken = breaking_changes(&baseline, &removed);
    assert_eq!(
        broken,
        [
            "operation removed: GET /a",
            "request field newly required: In.y",
            "field removed: Out.name",
        ]
    );
}

// --- authorization matrix over the whole contract (checklist F1) -------------

/// Every operation whose only security is a bearer token refuses an
/// anonymous call with 401, and every `admin` operation refuses a signed-in
/// plain user with 403: generated from the contract, so a new route cannot
/// be forgotten.
#[tokio::test]
async fn every_bearer_route_refuses_the_anonymous_and_every_admin_route_a_plain_user() {
    let (app, _db) = crate::helpers::spawn_app().await;
    crate::helpers::create_org(&app, "AUTHZ1");
    let (user, _) = app
        .signed_in_as("AUTHZ1", iam_shared::types::MembershipRole::User)
        .await;
    let spec: Value = serde_json::to_value(iam_api::openapi::spec()).expect("the spec is JSON");
    let paths = spec["paths"]
        .as_object()
        .cloned()
        .expect("the spec has paths");
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (template, item) in paths {
        for (method, op) in item.as_object().cloned().expect("a path item is an object") {
            // Public operations name no security scheme.
            let schemes: &[Value] = op["security"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            let bearer_only = !schemes.is_empty()
                && schemes
                    .iter()
                    .all(|s| s.as_object().is_some_and(|o| o.contains_key("bearer")));
            if !bearer_only {
                continue;
            }
            // Path parameters get a well-formed id that names nothing.
            let path: String = template
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "01J9Z3W4K5M6N7P8Q9R0S1T2D3"
                    } else {
                        part
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes())
                .unwrap_or(reqwest::Method::GET);
            let call = |token: Option<&str>| {
                let mut request = app.client.request(method.clone(), app.url(&path));
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                if method != reqwest::Method::GET && method != reqwest::Method::DELETE {
                    request = request.json(&serde_json::json!({}));
                }
                request.send()
            };
            let anonymous = call(None).await.map(|r| r.status().as_u16()).unwrap_or(0);
            if anonymous != 401 {
                wrong.push(format!("{method} {template} anonymous: {anonymous}"));
            }
            let is_admin = op["tags"]
                .as_array()
                .is_some_and(|tags| tags.iter().any(|t| t == "admin"));
            if is_admin {
                let status = call(Some(&user))
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                if status != 403 {
                    wrong.push(format!("{method} {template} plain user: {status}"));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 30, "only {checked} operations checked");
    assert!(wrong.is_empty(), "{wrong:#?}");
    app.stop().await;
}

/// No support or admin answer carries a password, a hash or a security
/// answer: checked over every schema the `admin` operations answer with,
/// recursively (checklist F3).
#[test]
fn no_admin_answer_has_a_field_for_a_password_hash_or_answer() {
    let spec: Value = serde_json::to_value(iam_api::openapi::spec()).expect("the spec is JSON");
    let schemas = spec["components"]["schemas"].clone();
    fn refs(value: &Value, into: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    into.push(r.trim_start_matches("#/components/schemas/").to_owned());
                }
                map.values().for_each(|v| refs(v, into));
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, into)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    for item in spec["paths"]
        .as_object()
        .expect("the spec has paths")
        .values()
    {
        for op in item.as_object().expect("a path item is an object").values() {
            if op["tags"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "admin"))
            {
                refs(&op["responses"], &mut todo);
            }
        }
    }
    let mut seen = BTreeSet::new();
    let mut fields = BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let schema = &schemas[&name];
        // Enumerations and wrappers of one reference have no properties.
        for field in schema["properties"]
            .as_object()
            .into_iter()
            .flat_map(|properties| properties.keys())
        {
            fields.insert(format!("{name}.{field}"));
        }
        refs(schema, &mut todo);
    }
    assert!(seen.contains("AdminUserDetail"), "{seen:?}");
    let forbidden: Vec<&String> = fields
        .iter()
        .filter(|f| {
            let field = f
                .rsplit('.')
                .next()
                .expect("a split yields at least one part");
            field.contains("password") || field.contains("hash") || field.contains("answer")
        })
        .collect();
    assert!(forbidden.is_empty(), "{forbidden:?}");
}
