// Reads the Dockerfile into its stages and instructions, so a test can carry
// out the recipe's own steps on this machine (which has no Docker engine).

export interface Instruction {
  keyword: string;
  /** Flags such as `--from=build`, by name. */
  flags: Record<string, string>;
  /** The rest of the line; for exec-form CMD/RUN, the JSON array parsed. */
  args: string;
  exec?: string[];
}

export interface Stage {
  image: string;
  name?: string;
  instructions: Instruction[];
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === '' || line.trimStart().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    lines.push((current + line).trim());
    current = '';
  }
  if (current.trim()) lines.push(current.trim());
  return lines;
}

function parseInstruction(line: string): Instruction {
  const [keyword = '', ...rest] = line.split(/\s+/);
  let args = rest.join(' ');
  const flags: Record<string, string> = {};
  for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(args); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(args)) {
    flags[flag[1]!] = flag[2]!;
    args = args.slice(flag[0].length);
  }
  const upper = keyword.toUpperCase();
  const execForm = args.trimStart().startsWith('[') ? (JSON.parse(args) as string[]) : undefined;
  return { keyword: upper, flags, args, ...(execForm ? { exec: execForm } : {}) };
}

export function readDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const line of logicalLines(text)) {
    const instruction = parseInstruction(line);
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ image, ...(as?.toUpperCase() === 'AS' ? { name } : {}), instructions: [] });
      continue;
    }
    if (stages.length === 0) throw new Error(`Dockerfile: ${instruction.keyword} before FROM`);
    stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

/** `ENV A=1 B=2` (or the old `ENV A 1`) as pairs. */
export function envPairs(instruction: Instruction): Record<string, string> {
  const pairs: Record<string, string> = {};
  if (!instruction.args.includes('=')) {
    const [name = '', ...value] = instruction.args.split(/\s+/);
    pairs[name] = value.join(' ');
    return pairs;
  }
  for (const match of instruction.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) pairs[match[1]!] = match[3] ?? match[2]!;
  return pairs;
}
