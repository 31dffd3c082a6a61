/** Hand a file the page made (a journal export, a course pack) to the browser's download flow. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Give the download a moment to start before the address is released.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 10_000);
}
