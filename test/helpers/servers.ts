import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { FtpSrv } from 'ftp-srv';
import ssh2 from 'ssh2';

/**
 * Real servers on loopback for URL sources: HTTP (node:http), FTP (ftp-srv) and SFTP
 * (an ssh2 server with a read-only SFTP subsystem). Each serves the files of `root`
 * and wants user "intake" with password "s3cret!" (HTTP: basic auth on /private/).
 */
export const USER = 'intake';
export const PASSWORD = 's3cret!';

export interface Running {
  port: number;
  close(): Promise<void>;
}

export async function httpServer(root: string): Promise<Running> {
  const server = http.createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/redirect') {
      res.writeHead(302, { location: '/stores.csv' });
      return res.end();
    }
    if (path.startsWith('/private/')) {
      const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        res.writeHead(401);
        return res.end();
      }
    }
    try {
      const body = readFileSync(join(root, path.replace(/^\/private\//, '/')));
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// ftp-srv logs every refused login as an error; the tests check the refusals themselves.
const quiet = {
  child: () => quiet,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
};

export async function ftpServer(root: string): Promise<Running> {
  // ftp-srv wants a fixed port and a passive range: pick at random, try again if taken.
  for (let attempt = 0; ; attempt++) {
    const port = 40_000 + Math.floor(Math.random() * 10_000);
    const server = new FtpSrv({
      url: `ftp://127.0.0.1:${port}`,
      pasv_url: '127.0.0.1',
      pasv_min: port + 1,
      pasv_max: port + 50,
      anonymous: false,
      greeting: 'intake test server',
      log: quiet as never,
    });
    server.on(
      'login',
      (
        { username, password }: { username: string; password: string },
        resolve: (r: { root: string }) => void,
        reject: (e: Error) => void,
      ) =>
        username === USER && password === PASSWORD
          ? resolve({ root })
          : reject(new Error('bad login')),
    );
    try {
      await server.listen();
      return { port, close: () => server.close() };
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}

// An RSA key in PKCS#1 PEM from node:crypto: ssh2's own ed25519 generator now and then
// gives a key its parser calls malformed (seen once in CI).
let hostKeyPem: string | undefined;
function rsaHostKey(): string {
  hostKeyPem ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
  }).privateKey;
  return hostKeyPem;
}

export async function sftpServer(root: string): Promise<Running> {
  const { Server, utils } = ssh2;
  const { STATUS_CODE } = utils.sftp;
  const hostKey = rsaHostKey();
  const server = new Server({ hostKeys: [hostKey] }, (client) => {
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && ctx.username === USER && ctx.password === PASSWORD)
        ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          const open = new Map<number, Buffer>();
          let next = 0;
          sftp.on('OPEN', (id, filename) => {
            try {
              const h = next++;
              open.set(h, readFileSync(join(root, filename)));
              const handle = Buffer.alloc(4);
              handle.writeUInt32BE(h);
              sftp.handle(id, handle);
            } catch {
              sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
            }
          });
          sftp.on('READ', (id, handle, offset, length) => {
            const data = open.get(handle.readUInt32BE());
            if (!data || offset >= data.length) return sftp.status(id, STATUS_CODE.EOF);
            sftp.data(id, data.subarray(offset, offset + length));
          });
          sftp.on('FSTAT', (id, handle) => {
            const data = open.get(handle.readUInt32BE());
            sftp.attrs(id, {
              mode: 0o100644,
              uid: 0,
              gid: 0,
              size: data?.length ?? 0,
              atime: 0,
              mtime: 0,
            });
          });
          sftp.on('STAT', (id, path) => {
            try {
              const st = statSync(join(root, path));
              sftp.attrs(id, { mode: 0o100644, uid: 0, gid: 0, size: st.size, atime: 0, mtime: 0 });
            } catch {
              sftp.status(id, STATUS_CODE.NO_SUCH_FILE);
            }
          });
          sftp.on('CLOSE', (id, handle) => {
            open.delete(handle.readUInt32BE());
            sftp.status(id, STATUS_CODE.OK);
          });
        });
      });
    });
    client.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/**
 * A URL source that never ends (the watchdog's stuck job): a status line, then a header
 * whose value grows by a byte every 200 ms. `close` cuts the open connections.
 */
export async function dripServer(): Promise<Running & { listening(): boolean }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.write('HTTP/1.1 200 OK\r\nX-Slow: ');
    const t = setInterval(() => socket.write('a'), 200);
    socket.on('close', () => {
      clearInterval(t);
      sockets.delete(socket);
    });
    socket.on('error', () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    listening: () => server.listening,
    async close() {
      const closed = new Promise((r) => server.close(r));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
