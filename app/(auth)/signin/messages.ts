// Sign-in errors in plain words. Codes come from next-auth (OAuthCallback, …), from the IdP's
// own `error` parameter (access_denied, …) or from our signIn callback (NoEmail, …).
const MESSAGES: Record<string, string> = {
  access_denied: 'Your identity provider did not let you in: the sign-in was cancelled, or your account may not use this app.',
  AccessDenied: 'You may not sign in to this app.',
  login_required: 'Your identity provider asks you to sign in again.',
  consent_required: 'Your identity provider needs your consent for this app. Ask your administrator.',
  interaction_required: 'Your identity provider needs you to complete a step first. Please try again.',
  temporarily_unavailable: 'Your identity provider is temporarily unavailable. Please try again in a moment.',
  server_error: 'Your identity provider had an error. Please try again.',
  invalid_request: 'Your identity provider rejected the sign-in request. Ask your administrator to check the app’s registration.',
  unauthorized_client: 'This app is not allowed to sign in with your identity provider. Ask your administrator.',
  invalid_scope: 'Your identity provider refused the requested scopes. Ask your administrator to check OIDC_SCOPES.',
  OAuthSignin: 'Sign-in could not start: the identity provider did not answer as expected. Please try again.',
  OAuthCallback: 'The identity provider’s answer could not be verified. Please try again.',
  Callback: 'The identity provider’s answer could not be verified. Please try again.',
  OAuthCreateAccount: 'Sign-in failed. Please try again.',
  NoEmail: 'Your identity provider did not send an email address, so this app cannot tell who you are. Ask your administrator to release the email claim.',
  EmailNotVerified: 'Your identity provider says your email address is not verified.',
  Configuration: 'Sign-in is not set up correctly on this server. Ask your administrator.',
  SessionRequired: 'Please sign in to continue.',
  Verification: 'That sign-in link is no longer valid.',
};

export function signInErrorMessage(code: string): string {
  return MESSAGES[code] ?? 'Sign-in failed. Please try again.';
}
