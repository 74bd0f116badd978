import type * as Oidc from 'openid-client';
import { IntakeError } from '../core/codes.js';
import type { SecretBox } from '../jobs/secret-box.js';
import type { OidcSettings } from '../config/index.js';

/** What the browser keeps (sealed, in a cookie) between leaving for the provider and coming back. */
interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  at: number;
}

/** How long a person has to sign in at the provider. */
export const PENDING_MS = 10 * 60_000;

/**
 * Signing in with the team's identity provider (OpenID Connect, issue 17 item 5): the
 * authorization code flow with PKCE, a state and a nonce, through openid-client. The
 * provider says who the person is (a claim, the e-mail by default); Intake says what they
 * may do: a user of that name, added by an admin, or a new one with the configured role.
 */
export class OidcSignIn {
  private discovered?: Promise<Oidc.Configuration>;

  constructor(
    readonly config: OidcSettings,
    private readonly secrets: SecretBox,
  ) {}

  /** The provider's address for this browser, and the sealed state it must bring back. */
  async begin(redirectUri: string): Promise<{ url: string; pending: string }> {
    const configuration = await this.configuration();
    const oidc = await client();
    const pending: Pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier: oidc.randomPKCECodeVerifier(),
      redirectUri,
      at: Date.now(),
    };
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending: this.secrets.seal(JSON.stringify(pending)) };
  }

  /** Back from the provider: the code exchanged and the ID token checked; the user's name. */
  async finish(callback: URL, sealed: string | undefined): Promise<string> {
    const pending = this.opened(sealed);
    const configuration = await this.configuration();
    const oidc = await client();
    let claims: Record<string, unknown> | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        callback,
        {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: pending.redirectUri },
      );
      claims = tokens.claims();
      // Many providers put only `sub` in the ID token of a code flow: the rest is at
      // their userinfo endpoint, for the subject the ID token names.
      if (claims && claims[this.config.nameClaim] === undefined) {
        const sub = String(claims.sub);
        claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, sub)), sub };
      }
    } catch (e) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        `${this.config.label} did not sign you in: ${(e as Error).message}`,
      );
    }
    const name = claims?.[this.config.nameClaim];
    if (typeof name !== 'string' || name.trim() === '') {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        `${this.config.label} did not say your ${this.config.nameClaim}; ask your administrator`,
      );
    }
    if (this.config.nameClaim === 'email' && claims?.email_verified === false) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        `${this.config.label} has not verified your e-mail address ${name}`,
      );
    }
    return name.trim();
  }

  private opened(sealed: string | undefined): Pending {
    let pending: Pending | undefined;
    try {
      pending = sealed ? (JSON.parse(this.secrets.open(sealed)) as Pending) : undefined;
    } catch {
      pending = undefined;
    }
    if (!pending || Date.now() - pending.at > PENDING_MS) {
      throw new IntakeError(
        'INTAKE_E_UNAUTHENTICATED',
        `the sign-in with ${this.config.label} was not started here, or took longer than ${PENDING_MS / 60_000} minutes: sign in again`,
      );
    }
    return pending;
  }

  /** The provider's metadata, read once; read again after a failure (it may be down). */
  private configuration(): Promise<Oidc.Configuration> {
    this.discovered ??= client()
      .then((oidc) =>
        oidc.discovery(
          new URL(this.config.issuer),
          this.config.clientId,
          this.config.clientSecret,
          undefined,
          // Plain HTTP only to a provider on this machine (development, tests).
          loopback(this.config.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((e: Error) => {
        this.discovered = undefined;
        throw new IntakeError(
          'INTAKE_E_PROVIDER',
          `${this.config.label} cannot be reached (${this.config.issuer}): ${e.message}`,
        );
      });
    return this.discovered;
  }
}

/** openid-client, loaded when someone signs in this way: no other process pays for it. */
const client = () => import('openid-client');

function loopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}
