/** Document sets read from build files that run halibut. */
import * as assert from 'assert';
import * as path from 'path';
import { setsFromCMake, setsFromMakefile } from '../../server/src/core/buildfiles';

const folder = '/src/doc';
const present = new Set(['blurb.but', 'intro.but', 'running.but', 'index.but', 'man.but', 'a.but', 'b.but'].map((f) => path.join(folder, f)));
const exists = (f: string) => present.has(f);
const rel = (sets: ReturnType<typeof setsFromCMake>) => sets.map((s) => ({ name: s.name, files: s.files.map((f) => `${path.relative(folder, f.path)}${f.generated ? ' (generated)' : ''}`) }));

describe('build files: the sets halibut is run on', () => {
  it('CMake: list variables, a custom target running halibut, a generated file in the build folder', () => {
    const cmake = `# The manual
set(manual_sources
  \${CMAKE_CURRENT_SOURCE_DIR}/blurb.but
  \${CMAKE_CURRENT_SOURCE_DIR}/intro.but)
list(APPEND manual_sources \${CMAKE_CURRENT_SOURCE_DIR}/running.but)
add_custom_target(manual ALL
  COMMAND \${HALIBUT} --html --text=manual.txt
    \${CMAKE_CURRENT_BINARY_DIR}/version.but \${manual_sources} \${CMAKE_CURRENT_SOURCE_DIR}/index.but
  WORKING_DIRECTORY \${manual_dir}
  DEPENDS halibut \${manual_sources})
add_custom_target(manpage ALL
  COMMAND \${HALIBUT} --man=tool.1 \${CMAKE_CURRENT_SOURCE_DIR}/man.but
  DEPENDS halibut)
add_custom_target(other COMMAND cp a b)
`;
    assert.deepStrictEqual(rel(setsFromCMake(cmake, folder, exists)), [
      { name: 'manual.txt', files: ['version.but (generated)', 'blurb.but', 'intro.but', 'running.but', 'index.but'] },
      { name: 'tool.1', files: ['man.but'] },
    ]);
  });

  it('Makefile: variables with += and continuation lines, halibut in a recipe', () => {
    const make = `CHAPTERS = a.but \\
  b.but
CHAPTERS += index.but
HALIBUT = halibut

manual.txt: $(CHAPTERS)
\t$(HALIBUT) --text=manual.txt $(CHAPTERS)

tool.1: man.but
\tcd . && halibut --man=tool.1 man.but missing.but
`;
    assert.deepStrictEqual(rel(setsFromMakefile(make, folder, exists)), [
      { name: 'manual.txt', files: ['a.but', 'b.but', 'index.but'] },
      { name: 'tool.1', files: ['man.but', 'missing.but (generated)'] },
    ]);
  });

  it('a build that never runs halibut gives no sets', () => {
    assert.deepStrictEqual(setsFromCMake('add_executable(x main.c)\n', folder, exists), []);
    assert.deepStrictEqual(setsFromMakefile('all:\n\tcc -o x main.c\n', folder, exists), []);
  });
});
