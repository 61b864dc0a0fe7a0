/**
 * A long, realistic markdown answer, cut into tokens the size a model streams (a word, or a piece of one,
 * with its leading space): headings, paragraphs with emphasis, links and inline code, lists, tables, fenced
 * code and quotes, repeated with variations until it has enough tokens.
 */
const SECTIONS = [
  (n) => `## Part ${n}: choosing a coffee\n\nEach of our coffees is roasted on **Tuesday** and shipped within _two days_. If you like a sweet cup, try [Morning Fern](https://fernhill.example/coffee/morning-fern) with \`15 g\` per 250 ml of water; if you prefer body, the espresso blend is the one.\n\n`,
  (n) => `- **Morning Fern** (${n}): Colombia, washed; milk chocolate and red apple.\n- **Ridgeline Espresso**: Brazil and Ethiopia; hazelnut, dark cherry.\n  - Best as espresso or in a moka pot.\n- **Night Owl Decaf**: Mexico, Swiss Water process; cocoa and toffee.\n\n`,
  (n) => `| Method | Grind | Ratio | Time |\n| :--- | :---: | ---: | --- |\n| Pour-over | medium-fine | 1:16 | 3 min |\n| French press | coarse | 1:15 | 4 min |\n| Espresso (${n}) | fine | 1:2 | 28 s |\n\n`,
  (n) => `\`\`\`js\n// Brew ratio helper, version ${n}\nfunction gramsFor(waterMl, ratio = 16) {\n  return Math.round((waterMl / ratio) * 10) / 10;\n}\nconsole.log(gramsFor(250)); // 15.6\n\`\`\`\n\n`,
  (n) => `> Tip ${n}: let the coffee rest for three days after roasting; the flavour opens up as the gas escapes.\n\n1. Heat the water to 94 °C.\n2. Rinse the filter.\n3. Bloom for 30 seconds, then pour in slow circles.\n\n`,
];

export function markdownTokens(count) {
  const tokens = [];
  for (let round = 1; tokens.length < count; round++) {
    for (const section of SECTIONS) {
      for (const token of section(round).match(/\s*[^\s]{1,6}|\s+/g)) {
        tokens.push(token);
        if (tokens.length === count) return tokens;
      }
    }
  }
  return tokens;
}
