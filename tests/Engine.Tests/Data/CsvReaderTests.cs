using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Data;

public sealed class CsvReaderTests
{
    private static Dataset Read(string text, ColumnRef? label = null, bool header = true, CsvTask task = CsvTask.Classification) =>
        CsvReader.Read(new StringReader(text), "data.csv", label, header, task, "data");

    private static DataFormatException Fails(string text, ColumnRef? label = null, bool header = true, CsvTask task = CsvTask.Classification) =>
        Assert.Throws<DataFormatException>(() => Read(text, label, header, task));

    [Fact]
    public void ByDefaultTheLastColumnIsTheLabelAndTheOthersAreFeatures()
    {
        var data = Read("a,b,label\n1,2,0\n3.5,-4e-1,2\n");
        Assert.Equal(2, data.Rows);
        Assert.Equal(2, data.Features);
        Assert.Equal([1f, 2f, 3.5f, -0.4f], data.X);
        Assert.Equal([0, 2], data.Labels!);
        Assert.Equal(3, data.Classes);
        Assert.Null(data.Targets);
    }

    [Fact]
    public void TheLabelColumnCanBeNamedOrIndexed()
    {
        const string text = "y,a,b\n1,10,20\n0,30,40\n";
        var byName = Read(text, new ColumnRef("y", null));
        var byIndex = Read(text, new ColumnRef(null, 0));
        var byOtherCase = Read(text, new ColumnRef("Y", null));
        foreach (var data in new[] { byName, byIndex, byOtherCase })
        {
            Assert.Equal([10f, 20f, 30f, 40f], data.X);
            Assert.Equal([1, 0], data.Labels!);
        }
        var middle = Read(text, new ColumnRef("a", null), task: CsvTask.Regression);
        Assert.Equal([1f, 20f, 0f, 40f], middle.X);
        Assert.Equal([10f, 30f], middle.Targets!);
    }

    [Fact]
    public void AnUnknownLabelNameIsReportedWithTheHeaderNames()
    {
        var error = Fails("x1,x2,target\n1,2,0\n", new ColumnRef("label", null));
        Assert.Equal("data.csv: labelColumn \"label\" is not a column of the header; the columns are: \"x1\", \"x2\", \"target\"", error.Message);
    }

    [Fact]
    public void AnOutOfRangeIndexOrANameWithoutHeaderIsReported()
    {
        Assert.Contains("labelColumn 3 is out of range: the file has 3 columns (indices 0–2)", Fails("a,b,c\n1,2,3\n", new ColumnRef(null, 3)).Message);
        Assert.Contains("has no header", Fails("1,2,3\n", new ColumnRef("c", null), header: false).Message);
        Assert.Contains("names 2 columns", Fails("a,a,c\n1,2,3\n", new ColumnRef("a", null)).Message);
    }

    [Fact]
    public void RegressionTargetsAreReadAsFloats()
    {
        var data = Read("x,y\n1,0.25\n2,-1.5e2\n", task: CsvTask.Regression);
        Assert.Equal([0.25f, -150f], data.Targets!);
        Assert.Null(data.Labels);
        Assert.Equal(0, data.Classes);
    }

    [Fact]
    public void WithoutHeaderEveryLineIsARow()
    {
        var data = Read("1,2,1\n3,4,0\n", header: false);
        Assert.Equal(2, data.Rows);
        Assert.Equal([1, 0], data.Labels!);
    }

    [Fact]
    public void QuotedFieldsCrlfBlankLinesAndSpacesAreHandled()
    {
        var data = Read("\"a\",\"b, with comma\",\"say \"\"y\"\"\"\r\n\"1.5\", 2 ,1\r\n\r\n  \r\n3,\"4\",0", new ColumnRef("say \"y\"", null));
        Assert.Equal([1.5f, 2f, 3f, 4f], data.X);
        Assert.Equal([1, 0], data.Labels!);
    }

    [Fact]
    public void IntegerCellsParseExactlyAsFloatsWould()
    {
        var data = Read("a,b,c,d,y\n0,-7,1234567,12345678,0\n+3,007,-0,1e3,1\n");
        Assert.Equal([0f, -7f, 1234567f, 12345678f, 3f, 7f, -0f, 1000f], data.X);
        Assert.True(float.IsNegative(data.X[6]));
    }

    [Fact]
    public void IntegralLabelsWrittenAsFloatsAreClasses()
    {
        Assert.Equal([1, 0], Read("a,y\n1,1.0\n2,0\n").Labels!);
        Assert.Equal(2, Read("a,y\n1,0\n2,0\n").Classes);
    }

    [Fact]
    public void ARaggedRowNamesItsLineAndTheMissingColumn()
    {
        var error = Fails("a,b,c\n1,2,0\n3,4\n");
        Assert.Equal("data.csv: line 3, column \"c\" (index 2): the row has 2 fields, expected 3: this column and the ones after it are missing", error.Message);
        Assert.Equal(3, error.Line);
        Assert.Equal("\"c\" (index 2)", error.Column);

        var tooMany = Fails("1,2,0\n3,4,1,9\n", header: false);
        Assert.Contains("line 2, column index 3: the row has 4 fields, expected 3", tooMany.Message);
    }

    [Fact]
    public void LineNumbersCountBlankLinesAndLineBreaksInsideQuotes()
    {
        var error = Fails("a,b,c\n\"1\n\",1,0\n\n1,oops,0\n"); // the quoted "1\n" spans lines 2 and 3
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void ANonNumericCellNamesItsLineColumnAndValue()
    {
        var error = Fails("a,b,y\n1,2,0\n1,abc,1\n");
        Assert.Equal("data.csv: line 3, column \"b\" (index 1): \"abc\" is not a number", error.Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e50")]
    public void NonFiniteValuesAreRefused(string value)
    {
        var error = Fails($"a,b,y\n1,{value},0\n");
        Assert.Contains($"line 2, column \"b\" (index 1): \"{value}\" is not a finite number", error.Message);
        Assert.Contains("is not a finite number", Fails($"a,y\n1,{value}\n", task: CsvTask.Regression).Message);
    }

    [Fact]
    public void AnEmptyCellIsAMissingValue()
    {
        Assert.Contains("line 2, column \"a\" (index 0): the value is missing", Fails("a,y\n,1\n").Message);
        Assert.Contains("line 2, column \"y\" (index 1): the label is missing", Fails("a,y\n1,\n").Message);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("-1")]
    [InlineData("cat")]
    public void ClassificationLabelsMustBeNonNegativeIntegers(string label)
    {
        var error = Fails($"a,y\n1,{label}\n");
        Assert.Contains($"line 2, column \"y\" (index 1): label \"{label}\" is not a class index", error.Message);
        Assert.Contains("regression", error.Message);
    }

    [Fact]
    public void AHugeClassLabelIsRefused() =>
        Assert.Contains("is larger than 9999", Fails("a,y\n1,123456\n").Message);

    [Fact]
    public void EmptyFilesHeaderOnlyFilesAndLabelOnlyFilesAreRefused()
    {
        Assert.Equal("data.csv: is empty: a CSV data file needs at least one data row", Fails("").Message);
        Assert.Contains("is empty", Fails("\n\n").Message);
        Assert.Equal("data.csv: has a header but no data rows", Fails("a,b,y\n").Message);
        Assert.Contains("needs the label and at least one feature column", Fails("y\n1\n").Message);
    }

    [Fact]
    public void AnUnclosedQuoteIsReportedWhereItOpened() =>
        Assert.Equal("data.csv: line 2: a quoted field opened on this line is never closed", Fails("a,y\n\"1,0\n2,1\n").Message);

    [Fact]
    public void FilesAreReadFromDiskAndAMissingFileIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("points.csv", "\uFEFFx,y\n1,0\n2,1\n"); // a BOM, as spreadsheet exports write
        var data = CsvReader.Read(new CsvDataSpec(path));
        Assert.Equal("points.csv", data.Name);
        Assert.Equal([1f, 2f], data.X);

        string missing = dir.File("missing.csv");
        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(new CsvDataSpec(missing)));
        Assert.Equal($"{missing}: no such file", error.Message);
    }
}
