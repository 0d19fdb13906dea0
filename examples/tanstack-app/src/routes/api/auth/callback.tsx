import { createFileRoute } from '@tanstack/react-router';
import { handleCallbackRoute } from '@workos/authkit-tanstack-react-start';

// WORKOS_REDIRECT_URI says /callback.
export const Route = createFileRoute('/api/auth/callback')({
  server: { handlers: { GET: handleCallbackRoute() } },
});
