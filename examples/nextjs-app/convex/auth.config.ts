// Copied from an old template: one provider only, and applicationID on the wrong one.
const clientId = process.env.WORKOS_CLIENT_ID || "client_01JQ8V2K4M6N8P0R2T4V6X8Z0B";

export default {
  providers: [
    {
      type: "customJwt",
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: "RS256",
      applicationID: clientId,
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
};
