// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ProtocolFixture} from "../utils/ProtocolFixture.sol";
import {IEngineErrors} from "../../src/core/IEngineErrors.sol";
import {EngineBase} from "../../src/core/EngineBase.sol";
import {RiskParams, UnderlyingParams, VolParams, LiquidationParams, Market} from "../../src/core/EngineTypes.sol";
import {StockToken} from "../../src/tokens/StockToken.sol";
import {StockPriceFeed} from "../../src/oracles/StockPriceFeed.sol";
import {IStockPriceFeed} from "../../src/interfaces/IStockPriceFeed.sol";
import {ILivestockEngine} from "../../src/interfaces/ILivestockEngine.sol";
import {MainVault} from "../../src/vaults/MainVault.sol";
import {InsuranceVault} from "../../src/vaults/InsuranceVault.sol";

/// @notice Listing and parameter governance: what the owner may set, what it may not, and who may pause.
contract EngineGovernanceTest is ProtocolFixture {
    StockToken internal fresh; // known to the hub, not yet listed on the engine

    function setUp() public override {
        super.setUp();
        fresh = new StockToken("Meta xStock", "METAx", 18, address(this));
        StockPriceFeed feed = new StockPriceFeed("META / USD", 600e8, 2, address(this));
        world.oracleHub.setStockFeed(address(fresh), IStockPriceFeed(address(feed)), 1 hours, "META");
    }

    // ------------------------------------------------------------------ tokens and vaults

    function test_listTokenValidatesWeights() public {
        vm.expectRevert(IEngineErrors.ZeroAddress.selector);
        admin.listToken(address(0), 3500, 4500);
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.listToken(address(fresh), 0, 4500); // a zero initial weight would make the token worthless
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.listToken(address(fresh), 4500, 3500); // maintenance below initial: liquidated on opening
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.listToken(address(fresh), 3500, 10_001);
        admin.listToken(address(fresh), 3500, 4500);
        (bool listed, uint16 initialBps, uint16 maintenanceBps,,,,) = admin.tokenConfig(address(fresh));
        assertTrue(listed);
        assertEq(initialBps, 3500);
        assertEq(maintenanceBps, 4500);
    }

    function test_setVaultsRequiresAListedTokenAndVaultsOnIt() public {
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.UnknownToken.selector, address(fresh)));
        admin.setVaults(address(fresh), address(tslaMain), address(tslaInsurance));
        admin.listToken(address(fresh), 3500, 4500);
        // TSLA.M's vaults hold TSLA.M, not METAx: settling METAx into them would mix assets.
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setVaults(address(fresh), address(tslaMain), address(tslaInsurance));
    }

    function test_listMarketNeedsVaults_sweepToo() public {
        admin.listToken(address(fresh), 3500, 4500);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.VaultsNotSet.selector, address(fresh)));
        admin.listMarket(address(fresh), BTC, true, 95_000e18);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.VaultsNotSet.selector, address(fresh)));
        admin.sweep(address(fresh));
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.UnknownToken.selector, address(0xdead)));
        admin.listMarket(address(0xdead), BTC, true, 95_000e18);
    }

    // ------------------------------------------------------------------ markets

    function test_listMarketOnlyOnTheGridWithinRange() public {
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.listMarket(address(tsla), 2, true, 95_000e18); // neither BTC nor ETH
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.StrikeNotOnGrid.selector, uint256(96_000e18)));
        admin.listMarket(address(tsla), BTC, true, 96_000e18); // BTC steps are $5,000
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.StrikeNotOnGrid.selector, uint256(0)));
        admin.listMarket(address(tsla), BTC, true, 0);
        // Spot $95,000, list range ±30%: $125,000 is 31.6% away.
        vm.expectRevert(
            abi.encodeWithSelector(IEngineErrors.StrikeOutOfRange.selector, uint256(125_000e18), uint256(95_000e18))
        );
        admin.listMarket(address(tsla), BTC, true, 125_000e18);
        uint256 existing = _id(address(tsla), BTC, true, 95_000e18);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.MarketExists.selector, existing));
        admin.listMarket(address(tsla), BTC, true, 95_000e18);
    }

    function test_listedMarketStartsFlatWithTheNextId() public {
        _listFreshWithVaults();
        uint256 before = admin.marketCount();
        uint256 id = admin.listMarket(address(fresh), ETH, false, 3_000e18);
        assertEq(id, before + 1);
        assertEq(admin.marketCount(), before + 1);
        assertEq(admin.marketIdAt(address(fresh), 0), id);
        Market memory m = admin.market(id);
        assertEq(m.token, address(fresh));
        assertEq(m.underlying, ETH);
        assertFalse(m.isCall);
        assertEq(m.strike, 3_000e18);
        // Funding starts with the first accrual, which also takes the price checkpoint.
        assertEq(m.longOpenInterest + m.cumFunding + m.sigmaMultiplierMicro + m.lastFundingTime, 0);
    }

    /// @dev An account maps its positions in a 128-bit word: a token's 129th market is refused.
    function test_aTokensMarketsStopAt128() public {
        _listFreshWithVaults();
        // A $10 strike step gives enough strikes within ±30% of ETH's $3,200 to reach the limit.
        (, uint64 floor, uint16 stress) = admin.underlyingParams(ETH);
        admin.setUnderlyingParams(ETH, UnderlyingParams({strikeStep: 10e18, sigmaFloorWad: floor, stressBps: stress}));
        for (uint256 i; i < 128; ++i) {
            admin.listMarket(address(fresh), ETH, true, 2_600e18 + i * 10e18);
        }
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.MarketLimitReached.selector, address(fresh)));
        admin.listMarket(address(fresh), ETH, true, 2_600e18 + 128 * 10e18);
        // Other tokens keep their own 128.
        admin.listMarket(address(tsla), ETH, true, 2_610e18);
    }

    // ------------------------------------------------------------------ parameters

    function test_setRiskParamsRejectsWhatWouldBreakTheBook() public {
        RiskParams memory p = admin.getRiskParams();
        RiskParams memory bad = p;
        bad.fundingPeriod = 0; // funding = time value / 0
        _expectInvalidRisk(bad);
        bad.fundingPeriod = 1 hours - 1; // shorter: an at-the-money BTC rate could reach the uint64 cap
        _expectInvalidRisk(bad);
        bad = admin.getRiskParams();
        bad.mainShareBps = 8_001; // 80.01% + 20% > 100%: the split would pay out more than it took
        _expectInvalidRisk(bad);
        bad = admin.getRiskParams();
        bad.maxUtilizationBps = 10_001;
        _expectInvalidRisk(bad);
        bad = admin.getRiskParams();
        bad.maxPositions = 0;
        _expectInvalidRisk(bad);
        bad = admin.getRiskParams();
        bad.closeOnlyRangeBps = p.listRangeBps - 1; // a freshly listed market would be close-only
        _expectInvalidRisk(bad);
        bad = admin.getRiskParams();
        bad.closedWeightCutBps = 10_001;
        _expectInvalidRisk(bad);

        p.fundingPeriod = 3 days;
        admin.setRiskParams(p);
        assertEq(admin.getRiskParams().fundingPeriod, 3 days);
    }

    function test_setVolLiquidationAndUnderlyingParamsValidate() public {
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setVolParams(VolParams({baseWad: 0.05e18, slopeWad: 0.5e18, kinkWad: 1e18 + 1}));
        admin.setVolParams(VolParams({baseWad: 0.1e18, slopeWad: 0.5e18, kinkWad: 0.6e18}));
        (uint64 base,, uint64 kink) = admin.volParams();
        assertEq(base, 0.1e18);
        assertEq(kink, 0.6e18);

        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setLiquidationParams(LiquidationParams({rewardBaseUsd: 10e18, rewardCapUsd: 5e18, rewardShareBps: 2000}));
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setLiquidationParams(LiquidationParams({rewardBaseUsd: 5e18, rewardCapUsd: 500e18, rewardShareBps: 10_001}));
        admin.setLiquidationParams(LiquidationParams({rewardBaseUsd: 5e18, rewardCapUsd: 250e18, rewardShareBps: 1000}));
        (, uint128 cap,) = admin.liquidationParams();
        assertEq(cap, 250e18);

        UnderlyingParams memory ok = UnderlyingParams({strikeStep: 1_000e18, sigmaFloorWad: 0.3e18, stressBps: 1500});
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setUnderlyingParams(2, ok);
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setUnderlyingParams(BTC, UnderlyingParams({strikeStep: 0, sigmaFloorWad: 0.3e18, stressBps: 1500}));
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setUnderlyingParams(BTC, UnderlyingParams({strikeStep: 1_000e18, sigmaFloorWad: 0.3e18, stressBps: 0}));
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setUnderlyingParams(BTC, UnderlyingParams({strikeStep: 1_000e18, sigmaFloorWad: 0.3e18, stressBps: 10_001}));
        admin.setUnderlyingParams(BTC, ok);
        (uint128 step,,) = admin.underlyingParams(BTC);
        assertEq(step, 1_000e18);
    }

    /// @notice Accrue, then change, then say what changed: funding up to the change is charged at the old funding
    ///         period, and the typed event carries the new values.
    function test_setRiskParamsAccruesAtTheOldParamsAndEmitsTheNewOnes() public {
        uint256 id = _id(address(tsla), BTC, true, 95_000e18);
        _fund(alice, tsla, 100e18);
        _open(alice, id, 1e18);
        _advance(1 hours, 60);
        uint256 owedAtOldPeriod = admin.currentCumFunding(id);
        RiskParams memory p = admin.getRiskParams();
        p.fundingPeriod = 14 days;
        vm.expectEmit(address(engine));
        emit EngineBase.RiskParamsSet(p);
        admin.setRiskParams(p);
        Market memory m = admin.market(id);
        assertEq(m.cumFunding, owedAtOldPeriod, "the past hour charged at T = 7 days");
        assertEq(m.lastFundingTime, block.timestamp);
    }

    function test_setVolAndUnderlyingParamsAccrueFirstAndEmitTypedEvents() public {
        uint256 id = _id(address(tsla), BTC, true, 95_000e18);
        _fund(alice, tsla, 100e18);
        _open(alice, id, 1e18);
        _advance(30 minutes, 60);
        uint256 owed = admin.currentCumFunding(id);
        VolParams memory v = VolParams({baseWad: 0.1e18, slopeWad: 0.5e18, kinkWad: 0.5e18});
        vm.expectEmit(address(engine));
        emit EngineBase.VolParamsSet(v);
        admin.setVolParams(v);
        assertEq(admin.market(id).cumFunding, owed);

        _advance(30 minutes, 60);
        owed = admin.currentCumFunding(id);
        (uint128 step, uint64 floor, uint16 stress) = admin.underlyingParams(BTC);
        UnderlyingParams memory u = UnderlyingParams({strikeStep: step, sigmaFloorWad: floor * 2, stressBps: stress});
        vm.expectEmit(address(engine));
        emit EngineBase.UnderlyingParamsSet(BTC, u);
        admin.setUnderlyingParams(BTC, u);
        assertEq(admin.market(id).cumFunding, owed);
    }

    function test_rolesAndPause() public {
        address guardian = makeAddr("guardian");
        vm.expectRevert(IEngineErrors.ZeroAddress.selector);
        admin.setRoles(address(0), guardian);
        vm.expectRevert(IEngineErrors.ZeroAddress.selector);
        admin.setRoles(keeper, address(0));
        admin.setRoles(keeper, guardian);

        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IEngineErrors.NotGuardian.selector, alice));
        admin.setPaused(true);
        vm.prank(guardian);
        admin.setPaused(true);
        assertTrue(admin.paused());
        admin.setPaused(false); // the owner too
        assertFalse(admin.paused());
    }

    /// @dev Every governance setter is the owner's: a stranger's call names itself in the revert.
    function test_governanceIsTheOwners() public {
        RiskParams memory p = admin.getRiskParams();
        vm.startPrank(alice);
        bytes memory unauthorized = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice);
        vm.expectRevert(unauthorized);
        admin.listToken(address(fresh), 3500, 4500);
        vm.expectRevert(unauthorized);
        admin.setVaults(address(tsla), address(tslaMain), address(tslaInsurance));
        vm.expectRevert(unauthorized);
        admin.listMarket(address(tsla), BTC, true, 90_000e18);
        vm.expectRevert(unauthorized);
        admin.setRiskParams(p);
        vm.expectRevert(unauthorized);
        admin.setVolParams(VolParams({baseWad: 0, slopeWad: 0, kinkWad: 0}));
        vm.expectRevert(unauthorized);
        admin.setLiquidationParams(LiquidationParams({rewardBaseUsd: 0, rewardCapUsd: 0, rewardShareBps: 0}));
        vm.expectRevert(unauthorized);
        admin.setUnderlyingParams(BTC, UnderlyingParams({strikeStep: 1e18, sigmaFloorWad: 0, stressBps: 1}));
        vm.expectRevert(unauthorized);
        admin.setRoles(alice, alice);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ helpers

    function _expectInvalidRisk(RiskParams memory p) internal {
        vm.expectRevert(IEngineErrors.InvalidParams.selector);
        admin.setRiskParams(p);
    }

    function _listFreshWithVaults() internal {
        admin.listToken(address(fresh), 3500, 4500);
        MainVault main = new MainVault(fresh, "Livestock METAx", "lsMETAx", world.oracleHub, ILivestockEngine(address(engine)), address(this), 60, 30);
        InsuranceVault ins =
            new InsuranceVault(fresh, "Livestock METAx insurance", "liMETAx", world.oracleHub, ILivestockEngine(address(engine)), address(this), 60, 30);
        admin.setVaults(address(fresh), address(main), address(ins));
    }
}
