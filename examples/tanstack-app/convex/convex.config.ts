import { defineApp } from 'convex/server';
import workOSAuthKit from '@convex-dev/workos-authkit/convex.config';

const app = defineApp();
app.use(workOSAuthKit);
export default app;
