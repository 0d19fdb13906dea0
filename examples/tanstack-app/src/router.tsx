import { createRouter } from '@tanstack/react-router';
import { ConvexQueryClient } from '@convex-dev/react-query';
import { QueryClient } from '@tanstack/react-query';
import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';
import { AuthKitProvider, useAccessToken, useAuth } from '@workos/authkit-tanstack-react-start/client';
import { useCallback, useRef } from 'react';
import { routeTree } from './routeTree.gen';

export function getRouter() {
  const convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);
  const convexQueryClient = new ConvexQueryClient(convex);
  const queryClient = new QueryClient({
    defaultOptions: { queries: { queryKeyHashFn: convexQueryClient.hashFn(), queryFn: convexQueryClient.queryFn() } },
  });
  convexQueryClient.connect(queryClient);
  return createRouter({
    routeTree,
    context: { queryClient, convexQueryClient },
    InnerWrap: ({ children }) => (
      <AuthKitProvider>
        <ConvexProviderWithAuth client={convex} useAuth={useAuthFromWorkOS}>
          {children}
        </ConvexProviderWithAuth>
      </AuthKitProvider>
    ),
  });
}

function useAuthFromWorkOS() {
  const { user, loading } = useAuth();
  const { accessToken } = useAccessToken();
  const cached = useRef<string | null>(null);
  if (accessToken) cached.current = accessToken;
  // Ignores forceRefreshToken: an expired token comes back again.
  const fetchAccessToken = useCallback(async () => cached.current, []);
  return { isLoading: loading, isAuthenticated: !!user, fetchAccessToken };
}
