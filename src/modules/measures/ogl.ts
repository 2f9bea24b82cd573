/** The attribution DfE's Open Government Licence asks for, shown wherever its figures appear. */
export const oglNotice = "Contains public sector information licensed under the Open Government Licence v3.0.";

export function oglSource(what: string): string {
  return `${what}. ${oglNotice}`;
}
