/** Revision notes are the save intent ("publish") or free text ("استعادة النسخة 3"); show them in Arabic. */
export function noteLabel(note: string): string {
  const labels: Record<string, string> = { save: "حفظ", publish: "نشر", schedule: "جدولة", unpublish: "إلغاء نشر" };
  return labels[note] ?? note;
}
