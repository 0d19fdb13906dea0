import { v } from 'convex/values';
import { query } from './_generated/server';

export const list = query({
  args: { count: v.number() },
  handler: async (ctx, { count }) => {
    if (!(await ctx.auth.getUserIdentity())) throw new Error('Not signed in');
    return (await ctx.db.query('numbers').order('desc').take(count)).map((row) => row.value);
  },
});
