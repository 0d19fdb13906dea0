import { useAuth } from "@workos-inc/authkit-react";
import { useQuery } from "convex/react";
import { api } from "../convex/_generated/api";

export function App() {
  const { user, isLoading, signIn, signOut } = useAuth();
  if (isLoading) return <p>Loading…</p>;
  if (!user) return <button onClick={() => signIn()}>Sign in</button>;
  return (
    <main>
      <button onClick={() => signOut()}>Sign out</button>
      <Tasks />
    </main>
  );
}

function Tasks() {
  const tasks = useQuery(api.tasks.list);
  return <ul>{tasks?.map((t) => <li key={t._id}>{t.text}</li>)}</ul>;
}
