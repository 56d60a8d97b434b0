import { requireUser } from '@/lib/auth/session';

// The list itself lives in the layout (beside the message on wide screens); on its own, this
// page is the empty reading pane.
export default async function InboxPage({ params }: { params: Promise<{ mailbox: string }> }) {
  const { mailbox } = await params;
  await requireUser(`/${mailbox}`);
  return (
    <div className="flex flex-1 items-center justify-center p-8 text-sm text-zinc-600 dark:text-zinc-400">
      <p>
        Select a message to read it.
        <span className="pointer-coarse:hidden"> Press <kbd className="rounded border border-zinc-300 px-1 font-mono dark:border-zinc-600">?</kbd> for keyboard shortcuts.</span>
      </p>
    </div>
  );
}
