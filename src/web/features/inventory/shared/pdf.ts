/**
 * Shows a PDF made by the server. The window is opened while the click still counts as a user gesture (a
 * window opened after an await is blocked as a pop-up), then pointed at the PDF once it has arrived. Where no
 * window may be opened, the PDF is downloaded instead.
 */
export async function openPdf(make: () => Promise<Blob>, fileName: string): Promise<void> {
  const target = window.open('', '_blank');
  if (target) target.opener = null;
  let blob: Blob;
  try {
    blob = await make();
  } catch (error) {
    target?.close();
    throw error;
  }
  const url = URL.createObjectURL(blob);
  if (target) {
    target.location.href = url;
  } else {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  }
  // The viewer has read the object by then; the URL only pins the bytes in memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
