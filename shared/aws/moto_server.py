"""moto's server (the AWS API emulator the tests run against), taking one request at a time.

moto keeps no isolation between requests served at once: a DynamoDB transaction that is cancelled
restores a copy of each table it touched taken when it began, which undoes whatever another
request wrote meanwhile (moto 5.2.5, `transact_write_items`). DynamoDB itself serialises
conflicting transactions, so the tests' concurrency scenarios need the emulator to do the same:
one lock around every request, connections still served on their own threads.

Usage: python moto_server.py HOST PORT
"""

import os
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server


def one_at_a_time(app):
    lock = threading.Lock()

    def serve(environ, start_response):
        with lock:
            # The whole body is produced under the lock: moto builds it from live state.
            return list(app(environ, start_response))

    return serve


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    # moto names its own port in some answers (S3 and SQS URLs), as its `moto_server` does.
    os.environ.setdefault("MOTO_PORT", str(port))
    app = one_at_a_time(DomainDispatcherApplication(create_backend_app))
    make_server(host, port, app, threaded=True, request_handler=MotoRequestHandler).serve_forever()


if __name__ == "__main__":
    main()
