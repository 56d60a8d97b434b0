export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 p-6 text-sm text-zinc-700 dark:text-zinc-300" data-testid="message-loading">
      <span aria-hidden="true" className="inline-block h-4 w-4 animate-spin rounded-full border-2 border-zinc-300 border-t-sky-600 motion-reduce:animate-none dark:border-zinc-700 dark:border-t-sky-400" />
      Decrypting the message…
    </div>
  );
}
