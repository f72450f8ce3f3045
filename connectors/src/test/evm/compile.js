// Compiles TestToken.sol with solc-js (evmVersion shanghai, which ganache runs) into TestToken.json: {abi, bytecode}.
const fs = require('fs');
const path = require('path');
const solc = require('solc');
const [source, out] = process.argv.slice(2);
const input = {
  language: 'Solidity',
  sources: { 'TestToken.sol': { content: fs.readFileSync(source, 'utf8') } },
  settings: { evmVersion: 'shanghai', optimizer: { enabled: true, runs: 200 },
              outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter(e => e.severity === 'error');
if (errors.length) {
  errors.forEach(e => console.error(e.formattedMessage));
  process.exit(1);
}
const contract = output.contracts['TestToken.sol'].TestToken;
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify({ abi: contract.abi, bytecode: '0x' + contract.evm.bytecode.object }));
console.log('compiled TestToken to ' + out);
