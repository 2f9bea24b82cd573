/** Text a spreadsheet would run as a formula if it were opened or exported again: it is never a code or a name. */
export const startsAsFormula = (text: string) => /^[=+\-@\t\r]/.test(text);

/** A council's old_la_code, as DfE and Ofsted write it: three digits (Plymouth is 879). */
export const isCouncilCode = (text: string) => /^\d{3}$/.test(text);
