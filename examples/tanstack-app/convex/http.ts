import { httpRouter } from 'convex/server';

// The component's webhook routes are never registered here.
const http = httpRouter();
export default http;
