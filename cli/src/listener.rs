//! The local server's listener: at most so many connections at once (the next waits to be
//! accepted until one closes), and a connection on which nothing moves for a while is closed,
//! whether the client is slow to send its headers or body or idle between requests. Without
//! these, idle connections could take every socket and make the server unreachable. Bytes going
//! out count as movement (hyper also reads while it answers, to notice a client hanging up).

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once.
    pub connections: usize,
    /// How long the server waits for the next byte of a request (or of the next request).
    pub idle: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { connections: 1024, idle: Duration::from_secs(30) }
    }
}

/// A TCP listener held to `Limits`.
pub struct Limited {
    inner: TcpListener,
    permits: Arc<Semaphore>,
    idle: Duration,
}

impl Limited {
    pub fn new(inner: TcpListener, limits: Limits) -> Limited {
        Limited { inner, permits: Arc::new(Semaphore::new(limits.connections)), idle: limits.idle }
    }
}

impl axum::serve::Listener for Limited {
    type Io = Guarded;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Guarded, SocketAddr) {
        let permit = self.permits.clone().acquire_owned().await.expect("the semaphore is never closed");
        loop {
            match self.inner.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    let io = Guarded { stream, _permit: permit, idle: self.idle, deadline: None };
                    return (io, addr);
                }
                // Out of file descriptors or a connection reset before it was accepted: wait a
                // little and go on, as axum's own listener does.
                Err(error) => {
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}

/// A connection holding its place among the limited ones, closed when reading waits too long.
pub struct Guarded {
    stream: TcpStream,
    _permit: OwnedSemaphorePermit,
    idle: Duration,
    /// Running while the server waits to read.
    deadline: Option<Pin<Box<Sleep>>>,
}

impl Guarded {
    /// An answer going out (a download to a slow phone, say) is not silence: the wait starts
    /// again.
    fn progressed(&mut self, written: &Poll<std::io::Result<usize>>) {
        if matches!(written, Poll::Ready(Ok(n)) if *n > 0) {
            self.deadline = None;
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(result) => {
                if buf.filled().len() > before || result.is_err() {
                    self.deadline = None;
                }
                Poll::Ready(result)
            }
            Poll::Pending => {
                let idle = self.idle;
                let deadline = self.deadline.get_or_insert_with(|| Box::pin(tokio::time::sleep(idle)));
                match deadline.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        self.deadline = None;
                        Poll::Ready(Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "nothing sent in time")))
                    }
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.progressed(&written);
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.progressed(&written);
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;

    use axum::serve::ListenerExt;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::time::Instant;

    use super::*;

    async fn server(limits: Limits) -> SocketAddr {
        let listener = Limited::new(TcpListener::bind("127.0.0.1:0").await.unwrap(), limits);
        let addr = axum::serve::Listener::local_addr(&listener).unwrap();
        let router = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
        tokio::spawn(async move { axum::serve(listener.tap_io(|_| ()), router).await.unwrap() });
        addr
    }

    async fn get(addr: SocketAddr) -> String {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).await.unwrap();
        text
    }

    async fn within<T>(limit: Duration, f: impl Future<Output = T>) -> Option<T> {
        tokio::time::timeout(limit, f).await.ok()
    }

    #[tokio::test]
    async fn a_connection_that_sends_nothing_is_closed() {
        let addr = server(Limits { connections: 8, idle: Duration::from_millis(300) }).await;
        let mut silent = TcpStream::connect(addr).await.unwrap();
        let started = Instant::now();
        let mut buf = [0u8; 16];
        let read = within(Duration::from_secs(5), silent.read(&mut buf)).await.expect("closed by the server");
        assert_eq!(read.unwrap_or(0), 0, "nothing sent back, the connection closed");
        assert!(started.elapsed() >= Duration::from_millis(250));
        // Half a request line, then nothing: closed too.
        let mut slow = TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET / HT").await.unwrap();
        let read = within(Duration::from_secs(5), slow.read(&mut buf)).await.expect("closed by the server");
        assert_eq!(read.unwrap_or(0), 0);
    }

    #[tokio::test]
    async fn connections_past_the_limit_wait_and_idle_ones_never_lock_everyone_out() {
        let addr = server(Limits { connections: 2, idle: Duration::from_millis(1500) }).await;
        // Every place taken by a connection that says nothing, and more knocking meanwhile.
        let mut idle = Vec::new();
        for _ in 0..4 {
            idle.push(TcpStream::connect(addr).await.unwrap());
        }
        // Past the limit a request waits...
        let waiting = tokio::spawn(get(addr));
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(!waiting.is_finished(), "served past the limit of two connections");
        // ...and is served once the silent ones are closed for their silence.
        let answer = within(Duration::from_secs(10), waiting).await.expect("served in time").unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("ok"), "{answer}");
        drop(idle);
    }

    #[tokio::test]
    async fn a_long_answer_to_a_slow_reader_is_not_cut_off() {
        let listener = Limited::new(
            TcpListener::bind("127.0.0.1:0").await.unwrap(),
            Limits { connections: 4, idle: Duration::from_millis(400) },
        );
        let addr = axum::serve::Listener::local_addr(&listener).unwrap();
        let big = "x".repeat(8 * 1024 * 1024);
        let router = axum::Router::new().route("/", axum::routing::get(move || async move { big.clone() }));
        tokio::spawn(async move { axum::serve(listener.tap_io(|_| ()), router).await.unwrap() });
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.unwrap();
        // Read slowly: longer in all than the idle limit, but never silent for that long.
        let (mut total, mut chunk) = (0, vec![0u8; 256 * 1024]);
        let started = Instant::now();
        loop {
            let n = stream.read(&mut chunk).await.unwrap();
            if n == 0 {
                break;
            }
            total += n;
            tokio::time::sleep(Duration::from_millis(40)).await;
        }
        assert!(started.elapsed() > Duration::from_millis(400), "the read took longer than the idle limit");
        assert!(total > 8 * 1024 * 1024, "the whole answer arrived: {total} bytes");
    }
}
