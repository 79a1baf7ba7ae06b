import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request the AWS provider sent to the loopback server. */
export interface LoopbackRequest {
  readonly method: string;
  readonly path: string;
  /** The API action: `Action=` of query APIs (EC2, IAM, STS, Auto Scaling), `X-Amz-Target` of JSON APIs (KMS, SSM). */
  readonly action: string;
}

/**
 * A small HTTP server on 127.0.0.1 that stands in for every AWS endpoint (`AWS_ENDPOINT_URL`), and for
 * the HTTP(S) proxy of everything else: a request that would leave the machine reaches it as a proxy
 * request instead, is refused and recorded in {@link escaped}.
 *
 * It answers no API call with data: every AWS call gets an "unsupported" error naming the action, so a
 * plan that needs one fails visibly. Plans with `refresh = false` and data sources from `override_data`
 * make none.
 */
export class LoopbackAws {
  /** Requests to the endpoints, in arrival order. */
  readonly requests: LoopbackRequest[] = [];
  /** Hosts something tried to reach through the proxy: requests that would have left the machine. */
  readonly escaped: string[] = [];
  private readonly server = http.createServer((request, response) => this.answer(request, response));

  private constructor() {
    this.server.on("connect", (request: http.IncomingMessage, socket) => {
      this.escaped.push(request.url ?? "(unknown)");
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    });
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  static async start(): Promise<LoopbackAws> {
    const loopback = new LoopbackAws();
    await new Promise<void>((resolve) => loopback.server.listen(0, "127.0.0.1", resolve));
    return loopback;
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * `base` with what a process needs so that nothing leaves the machine: every HTTP(S) proxy variable
   * pointing here, and none of the user's AWS credentials, profiles, shared config or instance metadata.
   */
  environment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(base))
      if (!/^AWS_|_proxy$|_PROXY$/i.test(key)) env[key] = value;
    return {
      ...env,
      HTTP_PROXY: this.url,
      HTTPS_PROXY: this.url,
      http_proxy: this.url,
      https_proxy: this.url,
      NO_PROXY: "127.0.0.1",
      no_proxy: "127.0.0.1",
      // Every AWS service's endpoint (the SDK's AWS_ENDPOINT_URL, which the provider honours).
      AWS_ENDPOINT_URL: this.url,
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: "/dev/null",
      AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    };
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    // A proxy request names an absolute URL: it was meant for another host.
    if (request.url?.startsWith("http://") || request.url?.startsWith("https://")) {
      this.escaped.push(request.url);
      response.writeHead(403).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const target = request.headers["x-amz-target"];
      const action =
        typeof target === "string"
          ? target
          : (new URLSearchParams(body).get("Action") ??
            new URL(request.url ?? "/", this.url).searchParams.get("Action") ??
            "(unknown)");
      this.requests.push({ method: request.method ?? "GET", path: request.url ?? "/", action });
      const message = `the loopback test server does not serve ${action}`;
      if (typeof target === "string") {
        response
          .writeHead(400, { "content-type": "application/x-amz-json-1.1" })
          .end(JSON.stringify({ __type: "UnsupportedOperation", message }));
      } else {
        response
          .writeHead(400, { "content-type": "text/xml" })
          .end(
            `<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>${message}</Message></Error></Errors><RequestID>loopback</RequestID></Response>`,
          );
      }
    });
  }
}
