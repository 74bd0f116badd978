// Reads every row of an .xlsx through Intake's reader, as a pass of an import does.
import { openXlsx } from '../dist/sources/xlsx/reader.js';

const sheet = await openXlsx(process.argv[2]);
let rows = 0;
for await (const chunk of sheet.chunks()) rows += chunk.rows.length;
console.log(JSON.stringify({ rows }));
