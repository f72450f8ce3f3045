// The hardhat node of the connector tests: chain id from the environment, Shanghai rules like the ganache nodes.
module.exports = {
  networks: {
    hardhat: {
      chainId: Number(process.env.BALLAST_CHAIN_ID || 31337),
      hardfork: "shanghai",
    },
  },
};
