package io.ballast.engine.model;

/**
 * Facts of well-known chains and assets as shipped. Config extends or overrides them; the embedded
 * default and back-tests use them as they are. Token addresses are the canonical contracts as
 * published by their issuers and bridges.
 */
final class DefaultCatalogue {

    private static final long SEVEN_DAYS = 7 * 24 * 3600;

    static final Catalogue INSTANCE = build();

    private DefaultCatalogue() {
    }

    private static Catalogue build() {
        Catalogue.Builder b = Catalogue.builder()
                .chain(new Chain("ethereum", 1, ChainKind.L1, 12_000, Finality.tags(), 0))
                .chain(new Chain("arbitrum", 42161, ChainKind.OPTIMISTIC_ROLLUP, 250, Finality.tags(), SEVEN_DAYS))
                .chain(new Chain("optimism", 10, ChainKind.OPTIMISTIC_ROLLUP, 2_000, Finality.tags(), SEVEN_DAYS))
                .chain(new Chain("base", 8453, ChainKind.OPTIMISTIC_ROLLUP, 2_000, Finality.tags(), SEVEN_DAYS))
                .chain(new Chain("polygon", 137, ChainKind.SIDECHAIN, 2_000, Finality.depth(32, 128), 0))
                .chain(new Chain("zksync", 324, ChainKind.ZK_ROLLUP, 1_000, Finality.tags(), 0))
                .chain(new Chain("linea", 59144, ChainKind.ZK_ROLLUP, 2_000, Finality.tags(), 0))
                .chain(new Chain("scroll", 534352, ChainKind.ZK_ROLLUP, 3_000, Finality.tags(), 0))
                .asset(new Asset("ETH", 18))
                .asset(new Asset("WETH", 18))
                .asset(new Asset("USDC", 6))
                .asset(new Asset("USDC.e", 6))
                .asset(new Asset("USDT", 6))
                .asset(new Asset("DAI", 18))
                .asset(new Asset("WBTC", 8));

        for (String chain : new String[] {"ethereum", "arbitrum", "optimism", "base", "zksync", "linea", "scroll"}) {
            b.token(chain, Catalogue.NATIVE, "ETH");
        }

        b.token("ethereum", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "WETH")
                .token("arbitrum", "0x82aF49447D8a07e3bd95BD0d56f35241523fBab1", "WETH")
                .token("optimism", "0x4200000000000000000000000000000000000006", "WETH")
                .token("base", "0x4200000000000000000000000000000000000006", "WETH")
                .token("polygon", "0x7ceB23fD6bC0adD59E62ac25578270cFf1b9f619", "WETH")
                .token("zksync", "0x5AEa5775959fBC2557Cc8789bC1bf90A239D9a91", "WETH")
                .token("linea", "0xe5D7C2a44FfDDf6b295A15c148167daaAf5Cf34f", "WETH")
                .token("scroll", "0x5300000000000000000000000000000000000004", "WETH");

        b.token("ethereum", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USDC")
                .token("arbitrum", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", "USDC")
                .token("optimism", "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85", "USDC")
                .token("base", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USDC")
                .token("polygon", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", "USDC")
                .token("zksync", "0x1d17CBcF0D6D143135aE902365D2E5e2A16538D4", "USDC")
                .token("linea", "0x176211869cA2b568f2A7D4EE941E073a821EE1ff", "USDC")
                .token("scroll", "0x06eFdBFf2a14a7c8E15944D1F4A48F9F95F663A4", "USDC");

        b.token("arbitrum", "0xFF970A61A04b1cA14834A43f5dE4533eBDDB5CC8", "USDC.e")
                .token("optimism", "0x7F5c764cBc14f9669B88837ca1490cCa17c31607", "USDC.e")
                .token("base", "0xd9aAEc86B65D86f6A7B5B1b0c42FFA531710b6CA", "USDC.e")
                .token("polygon", "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "USDC.e")
                .token("zksync", "0x3355df6D4c9C3035724Fd0e3914dE96A5a83aaf4", "USDC.e");

        b.token("ethereum", "0xdAC17F958D2ee523a2206206994597C13D831ec7", "USDT")
                .token("arbitrum", "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9", "USDT")
                .token("optimism", "0x94b008aA00579c1307B0EF2c499aD98a8ce58e58", "USDT")
                .token("polygon", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F", "USDT")
                .token("zksync", "0x493257fD37EDB34451f62EDf8D2a0C418852bA4C", "USDT")
                .token("linea", "0xA219439258ca9da29E9Cc4cE5596924745e12B93", "USDT")
                .token("scroll", "0xf55BEC9cafDbE8730f096Aa55dad6D22d44099Df", "USDT");

        b.token("ethereum", "0x6B175474E89094C44Da98b954EedeAC495271d0F", "DAI")
                .token("arbitrum", "0xDA10009cBd5D07dd0CeCc66161FC93D7c9000da1", "DAI")
                .token("optimism", "0xDA10009cBd5D07dd0CeCc66161FC93D7c9000da1", "DAI")
                .token("base", "0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb", "DAI")
                .token("polygon", "0x8f3Cf7ad23Cd3CaDbD9735AFf958023239c6A063", "DAI")
                .token("linea", "0x4AF15ec2A0BD43Db75dd04E62FAA3B8EF36b00d5", "DAI")
                .token("scroll", "0xcA77eB3fEFe3725Dc33bccB54eDEFc3D9f764f97", "DAI");

        b.token("ethereum", "0x2260FAC5E5542a773Aa44fBCfeDf7C193bc2C599", "WBTC")
                .token("arbitrum", "0x2f2a2543B76A4166549F7aaB2e75Bef0aefC5B0f", "WBTC")
                .token("optimism", "0x68f180fcCe6836688e9084f035309E29Bf0A2095", "WBTC")
                .token("polygon", "0x1BFD67037B42Cf73acF2047067bd4F2C47D9BfD6", "WBTC")
                .token("zksync", "0xBBeB516fb02a01611cBBE0453Fe3c580D7281011", "WBTC")
                .token("linea", "0x3aAB2285ddcDdaD8edf438C1bAB47e1a9D05a9b4", "WBTC")
                .token("scroll", "0x3C1BCa5a656e69edCD0D4E36BEbb3FcDAcA60Cf1", "WBTC");
        return b.build();
    }
}
