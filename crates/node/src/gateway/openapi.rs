//! `GET /api/openapi.json`: the node's API as an OpenAPI 3.1 document, with this gateway as
//! its server. No sign-in: it says what the API is, not what the node holds.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{Gateway, error_response};
use crate::{Caller, MethodsOutput};

/// The document, made from what `api.methods` answers now (so it has the mini-app methods
/// of the apps installed at this moment).
pub(super) async fn document(State(gateway): State<Arc<Gateway>>) -> Response {
    let described = gateway
        .node
        .call(&Caller::owner(), "api.methods", serde_json::Value::Null)
        .await
        .and_then(|value| {
            serde_json::from_value::<MethodsOutput>(value).map_err(|e| {
                supernet_core::ApiError::internal(format!("api.methods does not parse: {e}"))
            })
        });
    match described {
        Ok(api) => {
            axum::Json(crate::openapi::document(&api, Some(&gateway.base_url))).into_response()
        }
        Err(e) => error_response(e),
    }
}
