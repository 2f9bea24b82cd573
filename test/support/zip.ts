import JSZip from "jszip";

/** The files of a zip (a .docx, .xlsx or .odt), read as text by name. */
export interface ZipFiles {
  names: string[];
  text(name: string): Promise<string>;
  bytes(name: string): Promise<Buffer>;
}

export async function openZip(data: Buffer): Promise<ZipFiles> {
  const zip = await JSZip.loadAsync(data);
  const file = (name: string) => {
    const found = zip.file(name);
    if (found === null) throw new Error(`The zip has no file ${name}`);
    return found;
  };
  return {
    names: Object.keys(zip.files).filter((name) => !zip.files[name]?.dir),
    text: (name) => file(name).async("string"),
    bytes: (name) => file(name).async("nodebuffer"),
  };
}
