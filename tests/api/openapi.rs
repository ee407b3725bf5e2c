//! The committed `openapi.yaml` is generated from the code.

#[test]
fn committed_openapi_yaml_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi.yaml");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = iam_api::openapi::to_yaml();
    assert!(
        committed == generated,
        "openapi.yaml is out of date with the code: run `make openapi` and commit the result"
    );
}

#[test]
fn every_operation_has_an_operation_id_and_a_tag() {
    let spec: serde_json::Value =
        serde_json::to_value(iam_api::openapi::spec()).unwrap_or_default();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    assert!(!paths.is_empty());
    for (path, item) in paths {
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
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
