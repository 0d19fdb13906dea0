// Wrong place: Next.js only runs middleware.ts from the project root (or src/).
import { authkitMiddleware } from "@workos-inc/authkit-nextjs";

export default authkitMiddleware();
