//! `GET /api/notices`: change notices as a WebSocket of JSON text messages. A client that
//! falls behind gets `{"type":"resync"}` and should re-read what it shows.

use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;

use super::{Gateway, error_response};

pub(crate) async fn upgrade(
    State(gateway): State<Arc<Gateway>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if let Err(e) = gateway.authorize(&headers) {
        return error_response(e);
    }
    let notices = gateway.node.subscribe();
    ws.on_upgrade(move |socket| forward(socket, notices))
        .into_response()
}

async fn forward(
    mut socket: WebSocket,
    mut notices: tokio::sync::broadcast::Receiver<Arc<supernet_store::Notice>>,
) {
    loop {
        tokio::select! {
            biased;
            incoming = socket.recv() => match incoming {
                // The client says nothing we act on; it may only close.
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(_)) => {}
            },
            notice = notices.recv() => {
                let text = match notice {
                    Ok(notice) => serde_json::to_string(notice.as_ref()).unwrap_or_default(),
                    Err(RecvError::Lagged(_)) => r#"{"type":"resync"}"#.to_owned(),
                    Err(RecvError::Closed) => return,
                };
                if socket.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
            }
        }
    }
}
