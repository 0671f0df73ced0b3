"""Records the request bodies kubectl sends; answers discovery minimally and every POST with 201."""
import itertools
import json
import os
import ssl
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUT = sys.argv[2]
counter = itertools.count()
DISCOVERY = {
    "/api": {"kind": "APIVersions", "versions": ["v1"],
             "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]},
    "/apis": {"kind": "APIGroupList", "apiVersion": "v1", "groups": [
        {"name": "authorization.k8s.io",
         "versions": [{"groupVersion": "authorization.k8s.io/v1", "version": "v1"}],
         "preferredVersion": {"groupVersion": "authorization.k8s.io/v1", "version": "v1"}}]},
    "/api/v1": {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1", "resources": [
        {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod",
         "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}]},
    "/apis/authorization.k8s.io/v1": {"kind": "APIResourceList", "apiVersion": "v1",
        "groupVersion": "authorization.k8s.io/v1", "resources": [
        {"name": "selfsubjectaccessreviews", "singularName": "", "namespaced": False,
         "kind": "SelfSubjectAccessReview", "verbs": ["create"]}]},
}

class Handler(BaseHTTPRequestHandler):
    def _send(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path in DISCOVERY:
            self._send(200, DISCOVERY[path])
        else:
            self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "code": 404,
                             "reason": "NotFound", "message": "not found"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        name = "body%d" % next(counter)
        with open(os.path.join(OUT, name + ".bin"), "wb") as f:
            f.write(body)
        sys.stderr.write("%s %s %s %d bytes\n" % (self.path, self.headers.get("Content-Type"), name, len(body)))
        reply = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success"}
        if "selfsubjectaccessreviews" in self.path:
            reply = {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                     "metadata": {}, "spec": {}, "status": {"allowed": True}}
        self._send(201, reply)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
here = os.path.dirname(os.path.abspath(__file__))
context.load_cert_chain(os.path.join(here, "cert.pem"), os.path.join(here, "key.pem"))
server.socket = context.wrap_socket(server.socket, server_side=True)
server.serve_forever()
