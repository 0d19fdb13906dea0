import { components } from './_generated/api';
import { AuthKit } from '@convex-dev/workos-authkit';
import type { DataModel } from './_generated/dataModel';

// No authFunctions: the component never calls authKitEvent.
export const authKit = new AuthKit<DataModel>(components.workOSAuthKit, {
  webhookPath: '/webhooks/workos',
});

export const { authKitEvent } = authKit.events({
  'user.created': async (ctx, event) => {
    await ctx.db.insert('profiles', { authId: event.data.id, email: event.data.email });
  },
  'session.revoked': async (_ctx, event) => {
    console.log('revoked', event.data.id);
  },
});
