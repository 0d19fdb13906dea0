import { HeadContent, Outlet, Scripts, createRootRouteWithContext } from '@tanstack/react-router';
import { getAuth } from '@workos/authkit-tanstack-react-start';
import type { ConvexQueryClient } from '@convex-dev/react-query';
import type { QueryClient } from '@tanstack/react-query';

export const Route = createRootRouteWithContext<{ queryClient: QueryClient; convexQueryClient: ConvexQueryClient }>()({
  beforeLoad: async ({ context }) => {
    const auth = await getAuth();
    if (auth.user) context.convexQueryClient.serverHttpClient?.setAuth(auth.accessToken);
    return { user: auth.user };
  },
  component: () => (
    <html lang="en">
      <head>
        <HeadContent />
      </head>
      <body>
        <Outlet />
        <Scripts />
      </body>
    </html>
  ),
});
