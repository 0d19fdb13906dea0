import { handleAuth } from "@workos-inc/authkit-nextjs";

// The redirect URI in .env.local says /callback, so WorkOS sends users to a 404.
export const GET = handleAuth();
