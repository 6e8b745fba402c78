/** Runs assertions; when one fails, its message gets the CLI's output and the gateway's log appended. */
export function explainFailure(context: () => string, assertions: () => void): void {
  try {
    assertions();
  } catch (error) {
    if (error instanceof Error) error.message += `\n\n${context()}`;
    throw error;
  }
}
