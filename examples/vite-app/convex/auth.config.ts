// The client ID comes from the browser build: on the Convex deployment it is undefined.
const clientId = import.meta.env.VITE_WORKOS_CLIENT_ID;

export default {
  providers: [
    {
      type: "customJwt",
      issuer: "http://api.workos.com",
      algorithm: "RS256",
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
    {
      type: "customJwt",
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: "RS256",
      jwks: `https://api.workos.com/user_management/jwks/${clientId}`,
    },
  ],
};
