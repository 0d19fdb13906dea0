"use client";
import Link from "next/link";
import { useAuth } from "@workos-inc/authkit-nextjs/components";
import { useQuery } from "convex/react";
import { api } from "../convex/_generated/api";

export default function Home() {
  const { user, loading } = useAuth();
  // WorkOS says "signed in" before Convex has validated the token: this query runs unauthenticated.
  const messages = useQuery(api.messages.list, user ? {} : "skip");
  if (loading) return <p>Loading…</p>;
  return (
    <main>
      {user ? <p>{messages?.length ?? 0} messages</p> : <Link href="/sign-in">Sign in</Link>}
    </main>
  );
}
