import React from "react";
import ReactDOM from "react-dom/client";
import { AuthKitProvider, useAuth } from "@workos-inc/authkit-react";
import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import { App } from "./App";

const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL);

// A hand-written adapter: a new fetchAccessToken every render, and forceRefreshToken ignored.
function useAuthFromWorkOS() {
  const { isLoading, user, getAccessToken } = useAuth();
  const fetchAccessToken = async () => {
    try {
      return await getAccessToken();
    } catch {
      return null;
    }
  };
  return { isLoading, isAuthenticated: !!user, fetchAccessToken };
}

ReactDOM.createRoot(document.getElementById("root")!).render(
  <React.StrictMode>
    <AuthKitProvider
      clientId={import.meta.env.VITE_WORKOS_CLIENT_ID}
      redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}
      devMode
    >
      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromWorkOS}>
        <App />
      </ConvexProviderWithAuth>
    </AuthKitProvider>
  </React.StrictMode>,
);
