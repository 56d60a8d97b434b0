export default function Home() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-2xl font-semibold">Sesame</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Your SES mail, decrypted with your own IAM credentials.</p>
    </main>
  );
}
